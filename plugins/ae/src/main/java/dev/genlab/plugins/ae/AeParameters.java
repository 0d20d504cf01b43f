package dev.genlab.plugins.ae;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Description;
import dev.genlab.api.Min;
import java.util.List;

/** Parameters of the dense autoencoder. */
public record AeParameters(
        @Description("encoder layer sizes, the last one is the code; the decoder mirrors them") @Min(1)
        List<Integer> hiddenSizes,
        @Description("activation of the hidden layers") Activation activation,
        @Description("activation of the output layer") OutputActivation outputActivation,
        @Description("reconstruction loss: mse (mean squared error per pixel) or bce (binary cross-entropy)")
        ReconstructionLoss loss) {
    /** The reference configuration: 784 -> 32 (ReLU) -> 784 (sigmoid), MSE. */
    static final AeParameters DEFAULTS = new AeParameters(List.of(32), Activation.RELU, OutputActivation.SIGMOID,
            ReconstructionLoss.MSE);

    public AeParameters {
        hiddenSizes = List.copyOf(hiddenSizes);
        requireNonNull(activation, "activation is null");
        requireNonNull(outputActivation, "outputActivation is null");
        requireNonNull(loss, "loss is null");
    }

    /** Hidden-layer activations. */
    public enum Activation {
        RELU, LEAKY_RELU, ELU, TANH, SIGMOID;

        org.nd4j.linalg.activations.Activation toDl4j() {
            return switch (this) {
                case RELU -> org.nd4j.linalg.activations.Activation.RELU;
                case LEAKY_RELU -> org.nd4j.linalg.activations.Activation.LEAKYRELU;
                case ELU -> org.nd4j.linalg.activations.Activation.ELU;
                case TANH -> org.nd4j.linalg.activations.Activation.TANH;
                case SIGMOID -> org.nd4j.linalg.activations.Activation.SIGMOID;
            };
        }
    }

    /** Output activations: sigmoid keeps pixels in [0, 1]. */
    public enum OutputActivation {
        SIGMOID, IDENTITY;

        org.nd4j.linalg.activations.Activation toDl4j() {
            return this == SIGMOID ? org.nd4j.linalg.activations.Activation.SIGMOID
                    : org.nd4j.linalg.activations.Activation.IDENTITY;
        }
    }

    /** Reconstruction losses. */
    public enum ReconstructionLoss {
        MSE, BCE
    }
}
