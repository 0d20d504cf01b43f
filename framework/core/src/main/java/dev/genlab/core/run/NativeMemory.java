package dev.genlab.core.run;

import java.util.function.LongSupplier;

/**
 * ND4J keeps arrays outside the Java heap and frees them only when the heap is collected. A training step
 * makes megabytes of such arrays (batches, noise, activations) but almost no heap garbage, so collections may
 * not come for a whole run: the reference dense autoencoder on MNIST grew to 5.8 GB of resident memory in 8
 * epochs that way, and to 2.3 GB with a collection asked for every few seconds of training, as here (each
 * costs milliseconds).
 */
final class NativeMemory {
    static final long INTERVAL_NANOS = 5_000_000_000L;

    private final LongSupplier clock;
    private long last;

    NativeMemory() {
        this(System::nanoTime);
    }

    NativeMemory(LongSupplier clock) {
        this.clock = clock;
        this.last = clock.getAsLong();
    }

    /** Called after each step: collects when the interval has passed since the last collection. */
    boolean afterStep() {
        long now = clock.getAsLong();
        if (now - last < INTERVAL_NANOS) {
            return false;
        }
        System.gc();
        last = clock.getAsLong();
        return true;
    }
}
