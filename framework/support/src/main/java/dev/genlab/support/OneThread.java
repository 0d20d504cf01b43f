package dev.genlab.support;

/**
 * A stretch of work on the calling thread alone, whatever the run's thread count: ND4J's own loops and OpenMP (which
 * oneDNN's kernels inside ND4J use) each on one thread ({@link Nd4jThreads}), from {@link #enter} until {@link
 * #close}, which gives the counts back. ND4J's settings alone are not enough: see the figures below. For work too
 * small to gain from a second thread, where waking it costs more than it saves. Setting the counts takes well under
 * a microsecond.
 *
 * <pre>{@code
 * try (OneThread ignored = OneThread.enter()) {
 *     ... small ops ...
 * }
 * }</pre>
 *
 * <p>BLAS keeps its count: OpenBLAS takes 0.2 ms to set it, even to the count it has, so a caller that wants BLAS
 * on one thread sets it once.
 *
 * <p>Measured on 2 cores with two threads: the reference dense autoencoder's step, with ND4J's counts at one, took
 * 2.9 ms with OpenMP at two threads and 2.3-2.5 ms at one (its sigmoid runs on oneDNN); the VAE's step, with its
 * dense layers, sampling, KL term and optimiser step on one thread and its convolutions on two, 80-82 ms against
 * 88-92.
 */
public final class OneThread implements AutoCloseable {
    private static final Nd4jThreads ONE = Nd4jThreads.of(1);

    private final Nd4jThreads before;

    private OneThread() {
        before = Nd4jThreads.now();
        ONE.apply();
    }

    /** Puts ND4J and the calling thread's OpenMP on one thread until {@link #close}. */
    public static OneThread enter() {
        return new OneThread();
    }

    /** Gives back the thread counts {@link #enter} found. */
    @Override
    public void close() {
        before.apply();
    }
}
