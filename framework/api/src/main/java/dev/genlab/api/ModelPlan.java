package dev.genlab.api;

import java.util.ArrayList;
import java.util.List;

/**
 * What a model would be for given data, worked out from its parameters without building it: the sizes the runner
 * needs to refuse, before a run opens, a network that cannot fit (with the numbers, rather than a crash of the
 * JVM), and any problem the data's shape makes. Sizes saturate at {@link Long#MAX_VALUE} instead of overflowing.
 *
 * @param parameters trainable values of all the model's networks
 * @param largestArray values in its largest single array (a weight matrix, a feature map of one example)
 * @param valuesPerExample values a training step keeps per example of its batch (activations of every layer, for
 *     every network the step runs), which the runner multiplies by the batch size
 * @param problems the problems this data makes for these parameters, as from {@link PluginFactory#validate}; when
 *     there are any, the sizes may be zero
 */
public record ModelPlan(long parameters, long largestArray, long valuesPerExample, List<Problem> problems) {
    public ModelPlan {
        problems = List.copyOf(problems);
        if (parameters < 0 || largestArray < 0 || valuesPerExample < 0) {
            throw new IllegalArgumentException("sizes must not be negative");
        }
    }

    /** A model that cannot be built for this data, for these reasons. */
    public static ModelPlan invalid(Problem... problems) {
        return new ModelPlan(0, 0, 0, List.of(problems));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Adds up a model layer by layer: {@code weights(784, 32).weights(32).activations(32)}. */
    public static final class Builder {
        private long parameters;
        private long largestArray;
        private long valuesPerExample;
        private final List<Problem> problems = new ArrayList<>();

        private Builder() {
        }

        /** A trainable array of this shape (a weight matrix {@code in, out}, a kernel, a bias {@code out}). */
        public Builder weights(long... shape) {
            long size = product(shape);
            parameters = add(parameters, size);
            largestArray = Math.max(largestArray, size);
            return this;
        }

        /** Values of this shape computed per example in a step (a layer's output {@code channels, height, width}). */
        public Builder activations(long... shape) {
            long size = product(shape);
            valuesPerExample = add(valuesPerExample, size);
            largestArray = Math.max(largestArray, size);
            return this;
        }

        /** Everything added so far, {@code times} over: a step that runs a network on several batches. */
        public Builder activationsTimes(long times) {
            valuesPerExample = multiply(valuesPerExample, times);
            return this;
        }

        public Builder problem(Problem problem) {
            problems.add(problem);
            return this;
        }

        public ModelPlan build() {
            return new ModelPlan(parameters, largestArray, valuesPerExample, problems);
        }

        /** The product of {@code values}, or {@link Long#MAX_VALUE} when it would overflow. */
        public static long product(long... values) {
            long product = 1;
            for (long value : values) {
                product = multiply(product, value);
            }
            return product;
        }

        private static long multiply(long a, long b) {
            if (a < 0 || b < 0) {
                throw new IllegalArgumentException("sizes must not be negative: " + a + " x " + b);
            }
            try {
                return Math.multiplyExact(a, b);
            } catch (ArithmeticException e) {
                return Long.MAX_VALUE;
            }
        }

        private static long add(long a, long b) {
            try {
                return Math.addExact(a, b);
            } catch (ArithmeticException e) {
                return Long.MAX_VALUE;
            }
        }
    }
}
