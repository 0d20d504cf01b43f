package dev.genlab.plugins.ae;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Description;
import dev.genlab.api.Min;
import java.util.List;

/**
 * Parameters of the denoising autoencoder: the dense autoencoder's own four, so that a spec turns an {@code ae}
 * into a {@code dae} by its type and a {@code corruption}, and how inputs are corrupted.
 */
public record DaeParameters(
        @Description(AeParameters.HIDDEN_SIZES) @Min(1) List<Integer> hiddenSizes,
        @Description(AeParameters.ACTIVATION) AeParameters.Activation activation,
        @Description(AeParameters.OUTPUT_ACTIVATION) AeParameters.OutputActivation outputActivation,
        @Description(AeParameters.LOSS) AeParameters.ReconstructionLoss loss,
        @Description("how inputs are corrupted, in training and test alike: kind (none, gaussian, gaussian-clipped, "
                + "masking, salt-and-pepper), factor (the Gaussian's standard deviation), fraction (share of pixels "
                + "masked or salted)") Corruption corruption) {
    /** The reference: the reference autoencoder fed x + 0.55 * N(0, 1). */
    static final DaeParameters DEFAULTS = new DaeParameters(AeParameters.DEFAULTS.hiddenSizes(),
            AeParameters.DEFAULTS.activation(), AeParameters.DEFAULTS.outputActivation(), AeParameters.DEFAULTS.loss(),
            Corruption.DEFAULTS);

    public DaeParameters {
        hiddenSizes = List.copyOf(hiddenSizes);
        requireNonNull(activation, "activation is null");
        requireNonNull(outputActivation, "outputActivation is null");
        requireNonNull(loss, "loss is null");
        requireNonNull(corruption, "corruption is null");
    }

    /** The network's parameters, as the plain autoencoder takes them. */
    AeParameters network() {
        return new AeParameters(hiddenSizes, activation, outputActivation, loss);
    }
}
