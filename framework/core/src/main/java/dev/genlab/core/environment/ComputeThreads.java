package dev.genlab.core.environment;

import dev.genlab.support.Nd4jThreads;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How many CPU threads ND4J's kernels use, set for the thread that trains. The spec's {@code training.threads} wins,
 * then {@code OMP_NUM_THREADS}, then one per core: on a quiet 2-core machine two threads trained the convolutional
 * reference models faster than one (the VAE 1.16 times as fast, the DCGAN 1.5; the speed benchmark), and the dense
 * networks run their small steps on one thread whatever the setting; the launcher makes waiting OpenMP threads sleep, so that cores shared with other work cost less.
 */
public final class ComputeThreads {
    private ComputeThreads() {
    }

    /**
     * The thread count for a run: the spec's, else {@code OMP_NUM_THREADS} when it is a positive number, else
     * {@code cores}.
     */
    public static int resolve(Optional<Integer> spec, Map<String, String> environment, int cores) {
        if (spec.isPresent()) {
            return spec.get();
        }
        try {
            int fromEnvironment = Integer.parseInt(environment.getOrDefault("OMP_NUM_THREADS", "").trim());
            return fromEnvironment > 0 ? fromEnvironment : cores;
        } catch (NumberFormatException e) {
            return cores;
        }
    }

    /** Makes ND4J's OpenMP and oneDNN kernels, its own loops and BLAS use {@code threads} threads. */
    public static void use(int threads) {
        Nd4jThreads.of(threads).apply();
        Nd4j.factory().blas().setMaxThreads(threads);
    }

    /** The number of threads ND4J's OpenMP kernels use now. */
    static int current() {
        return Nd4jThreads.now().openMp();
    }
}
