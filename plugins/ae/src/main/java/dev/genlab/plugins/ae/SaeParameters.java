package dev.genlab.plugins.ae;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Description;
import dev.genlab.api.Min;
import java.util.List;

/**
 * Parameters of the stacked autoencoder.
 *
 * @param layerSizes the encoder layers, each pre-trained as the code of its own autoencoder
 * @param activation the encoders' activation; the reference names none, and ReLU, the default, fine-tunes well ahead
 *     of sigmoid at the same budget (the comparison is in {@code experiments/sae-mnist.yaml})
 */
public record SaeParameters(
        @Description("encoder layer sizes, pre-trained one after the other; the softmax head reads the last")
        @Min(1) List<Integer> layerSizes,
        @Description("activation of the encoder layers") AeParameters.Activation activation) {
    /** The reference: 784 -> 256 -> 64, then 10 classes. */
    static final SaeParameters DEFAULTS = new SaeParameters(List.of(256, 64), AeParameters.Activation.RELU);

    public SaeParameters {
        layerSizes = List.copyOf(layerSizes);
        requireNonNull(activation, "activation is null");
    }
}
