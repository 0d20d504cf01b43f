package dev.genlab.plugins.ae;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Description;
import dev.genlab.api.Min;
import dev.genlab.api.Problem;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Parameters of the dense autoencoder. */
public record AeParameters(
        @Description(HIDDEN_SIZES) @Min(1) List<Integer> hiddenSizes,
        @Description(ACTIVATION) Activation activation,
        @Description(OUTPUT_ACTIVATION) OutputActivation outputActivation,
        @Description(LOSS) ReconstructionLoss loss) {
    // The descriptions are shared with the denoising autoencoder, whose parameters repeat these four.
    static final String HIDDEN_SIZES = "encoder layer sizes, the last one is the code; the decoder mirrors them";
    static final String ACTIVATION = "activation of the hidden layers";
    static final String OUTPUT_ACTIVATION = "activation of the output layer";
    static final String LOSS = "reconstruction loss: mse (mean squared error per pixel) or bce (binary cross-entropy)";

    /** The reference configuration: 784 -> 32 (ReLU) -> 784 (sigmoid), MSE. */
    static final AeParameters DEFAULTS = new AeParameters(List.of(32), Activation.RELU, OutputActivation.SIGMOID,
            ReconstructionLoss.MSE);

    public AeParameters {
        hiddenSizes = List.copyOf(hiddenSizes);
        requireNonNull(activation, "activation is null");
        requireNonNull(outputActivation, "outputActivation is null");
        requireNonNull(loss, "loss is null");
    }

    /** The checks that span several values; shared by {@code ae} and {@code dae}. */
    List<Problem> problems() {
        List<Problem> problems = new ArrayList<>();
        if (hiddenSizes.isEmpty()) {
            problems.add(Problem.of("hiddenSizes", "must name at least one layer (the code size)"));
        }
        if (loss == ReconstructionLoss.BCE && outputActivation != OutputActivation.SIGMOID) {
            problems.add(Problem.of("loss", "bce needs outputActivation: sigmoid"));
        }
        return problems;
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
        MSE, BCE;

        LossFunctions.LossFunction toDl4j() {
            return this == MSE ? LossFunctions.LossFunction.MSE : LossFunctions.LossFunction.XENT;
        }
    }
}
