package dev.genlab.plugins.ae;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.ModelContext;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The stacked autoencoder's layers, one single-layer autoencoder each: layer k's encoder (its network's layer 0)
 * reads the codes of layer k - 1, its decoder (layer 1) gives them back.
 */
final class EncoderStack implements AutoCloseable {
    private static final int ENCODER = 0;
    private static final int DECODER = 1;

    private final List<MultiLayerNetwork> autoencoders;
    private final List<DenseStep> steps;

    EncoderStack(List<MultiLayerNetwork> autoencoders) {
        this.autoencoders = List.copyOf(requireNonNull(autoencoders, "autoencoders is null"));
        this.steps = this.autoencoders.stream().map(DenseStep::of).toList();
    }

    /**
     * Untrained layers for {@code layerSizes}. The first reconstructs pixels through a sigmoid; deeper ones
     * reconstruct codes, which only a sigmoid encoder keeps in [0, 1], so they get an identity output otherwise.
     */
    static EncoderStack untrained(SaeParameters parameters, ModelContext context) {
        Activation hidden = parameters.activation().toDl4j();
        Activation deepOutput = parameters.activation() == AeParameters.Activation.SIGMOID
                ? Activation.SIGMOID : Activation.IDENTITY;
        List<MultiLayerNetwork> autoencoders = new ArrayList<>();
        int inputs = context.shape().pixels();
        for (int size : parameters.layerSizes()) {
            Activation output = autoencoders.isEmpty() ? Activation.SIGMOID : deepOutput;
            autoencoders.add(DenseNetworks.autoencoder(inputs, List.of(size), hidden, output, LossFunction.MSE,
                    context));
            inputs = size;
        }
        return new EncoderStack(autoencoders);
    }

    int depth() {
        return autoencoders.size();
    }

    /** The autoencoder of layer {@code layer}, counted from 0. */
    MultiLayerNetwork layer(int layer) {
        return autoencoders.get(layer);
    }

    /** One training step of layer {@code layer}'s autoencoder on {@code codes}; returns its loss. */
    double fit(int layer, INDArray codes) {
        return steps.get(layer).fit(codes, codes);
    }

    /** {@code images} through the first {@code layers} encoders in inference mode: what the next layer learns from. */
    INDArray encode(INDArray images, int layers) {
        INDArray codes = images;
        for (int layer = 0; layer < layers; layer++) {
            codes = activate(layer, ENCODER, codes);
        }
        return codes;
    }

    /** {@code images} through every encoder and back through every decoder: the stack's reconstruction. */
    INDArray reconstruct(INDArray images) {
        INDArray values = encode(images, depth());
        for (int layer = depth() - 1; layer >= 0; layer--) {
            values = activate(layer, DECODER, values);
        }
        return values;
    }

    /** Sets the first layers of {@code classifier} to copies of the encoders, so that fine-tuning starts from them. */
    void copyEncodersInto(MultiLayerNetwork classifier) {
        for (int layer = 0; layer < depth(); layer++) {
            classifier.getLayer(layer).setParams(autoencoders.get(layer).getLayer(ENCODER).params().dup());
        }
    }

    /** One layer of one autoencoder in inference mode (the network's own methods only run ranges of two or more). */
    private INDArray activate(int layer, int part, INDArray input) {
        return autoencoders.get(layer).getLayer(part).activate(input, false, LayerWorkspaceMgr.noWorkspaces());
    }

    @Override
    public void close() {
        autoencoders.forEach(MultiLayerNetwork::close);
    }
}
