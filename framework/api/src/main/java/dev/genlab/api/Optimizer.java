package dev.genlab.api;

import static java.util.Objects.requireNonNull;

/**
 * An optimiser as named in the spec. Values that a kind does not use are ignored (momentum for Adam). Plugins turn
 * it into an ND4J updater with {@code dev.genlab.support.Updaters.of}.
 *
 * @param name the kind of optimiser
 * @param learningRate step size
 * @param beta1 Adam's first-moment decay
 * @param beta2 Adam's second-moment decay
 * @param epsilon Adam's and RMSProp's stabiliser
 * @param momentum Nesterov momentum
 */
public record Optimizer(
        @Description("adam, amsgrad, nadam, sgd, nesterovs or rmsprop") Name name,
        @Description("step size") @Min(value = 0, exclusive = true) double learningRate,
        @Description("first-moment decay (Adam family)") @Min(0) @Max(value = 1, exclusive = true) double beta1,
        @Description("second-moment decay (Adam family)") @Min(0) @Max(value = 1, exclusive = true) double beta2,
        @Description("numerical stabiliser") @Min(value = 0, exclusive = true) double epsilon,
        @Description("momentum (nesterovs)") @Min(0) @Max(value = 1, exclusive = true) double momentum) {
    /** The optimisers GenLab knows. */
    public enum Name {
        ADAM, AMSGRAD, NADAM, SGD, NESTEROVS, RMSPROP
    }

    public Optimizer {
        requireNonNull(name, "name is null");
    }

    /** Whether this kind of optimiser uses the component {@code field} ({@code momentum} only for nesterovs). */
    public boolean uses(String field) {
        return switch (field) {
            case "name", "learningRate" -> true;
            case "beta1", "beta2" -> name == Name.ADAM || name == Name.AMSGRAD || name == Name.NADAM;
            case "epsilon" -> name != Name.SGD && name != Name.NESTEROVS;
            case "momentum" -> name == Name.NESTEROVS;
            default -> false;
        };
    }

    public static Optimizer adam(double learningRate) {
        return new Optimizer(Name.ADAM, learningRate, 0.9, 0.999, 1e-8, 0.9);
    }
}
