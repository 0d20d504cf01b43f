package dev.genlab.plugins.gan;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Latent vectors uniform in [-1, 1], drawn from a Java generator of their own so that a seed fixes them
 * whatever else uses ND4J's global random numbers (dropout masks, weight init).
 */
final class Latent {
    private final int dimension;
    private final SplittableRandom random;

    Latent(int dimension, long seed) {
        this.dimension = dimension;
        this.random = new SplittableRandom(seed);
    }

    /** The next {@code count} vectors, as {@code [count, dimension]}. */
    INDArray next(int count) {
        float[] values = new float[count * dimension];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (2 * random.nextDouble() - 1);
        }
        return Nd4j.create(values, new long[] {count, dimension}, DataType.FLOAT);
    }
}
