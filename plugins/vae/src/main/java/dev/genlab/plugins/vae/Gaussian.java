package dev.genlab.plugins.vae;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Standard normal matrices drawn in Java from a seeded generator, so noise and samples repeat exactly for a seed
 * whatever ND4J backend runs the graph.
 */
final class Gaussian {
    private Gaussian() {
    }

    static INDArray matrix(Random random, long rows, int columns) {
        float[] values = new float[Math.toIntExact(rows * columns)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return Nd4j.create(values, new long[] {rows, columns}, 'c');
    }
}
