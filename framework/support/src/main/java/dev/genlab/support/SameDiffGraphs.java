package dev.genlab.support;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Random;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/** Helpers for building SameDiff graphs the way GenLab's models do. */
public final class SameDiffGraphs {
    private SameDiffGraphs() {
    }

    /**
     * A variable {@code name} of shape {@code dims} with Glorot (Xavier) uniform values drawn from {@code random}:
     * uniform in {@code +-sqrt(6 / (fanIn + fanOut))}, Keras's default, reproducible from the seed alone.
     */
    public static SDVariable glorotUniform(SameDiff sd, Random random, String name, int fanIn, int fanOut,
            long... dims) {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        long count = 1;
        for (long dim : dims) {
            count *= dim;
        }
        float[] data = new float[Math.toIntExact(count)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) ((2 * random.nextDouble() - 1) * limit);
        }
        return sd.var(name, Nd4j.create(data, dims, 'c'));
    }

    /**
     * Builds the backward graph now, with standard output muted: ND4J 1.0.0-M2.1 prints one line per op
     * ("Added differentiated op ...") from {@code createGradFunction}, which would break a progress bar.
     */
    public static void createGradientsQuietly(SameDiff sd) {
        synchronized (System.class) {
            PrintStream out = System.out;
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            try {
                sd.createGradFunction();
            } finally {
                System.setOut(out);
            }
        }
    }
}
