package dev.genlab.core.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * ND4J keeps arrays outside the Java heap and frees them only when the heap is collected. A training step
 * makes megabytes of such arrays (batches, noise, activations) but almost no heap garbage, so collections may
 * not come for a whole run: the reference dense autoencoder on MNIST grew to 5.8 GB of resident memory in 8
 * epochs that way. So a collection is asked for after a step when the resident set has grown by
 * {@link #GROWTH_BYTES} since the last one (a VAE step at batch 128 leaves over 100 MB behind), or when
 * {@link #INTERVAL_NANOS} have passed; each costs milliseconds.
 */
final class NativeMemory {
    static final long INTERVAL_NANOS = 5_000_000_000L;
    static final long GROWTH_BYTES = 256L << 20;
    private static final Path STATM = Path.of("/proc/self/statm");
    private static final long PAGE_BYTES = 4096;

    private final LongSupplier clock;
    private final LongSupplier resident;
    private long last;
    private long residentAfterLast;

    NativeMemory() {
        this(System::nanoTime, NativeMemory::residentBytes);
    }

    /** @param resident the resident set in bytes, or 0 where the system does not say */
    NativeMemory(LongSupplier clock, LongSupplier resident) {
        this.clock = clock;
        this.resident = resident;
        this.last = clock.getAsLong();
        this.residentAfterLast = resident.getAsLong();
    }

    /** Called after each step: collects when memory has grown enough or the interval has passed. */
    boolean afterStep() {
        long now = clock.getAsLong();
        long bytes = resident.getAsLong();
        if (now - last < INTERVAL_NANOS && bytes - residentAfterLast < GROWTH_BYTES) {
            return false;
        }
        System.gc();
        last = clock.getAsLong();
        residentAfterLast = Math.min(bytes, resident.getAsLong());
        return true;
    }

    /** The resident set of this process (Linux), or 0 elsewhere. */
    static long residentBytes() {
        try {
            String[] fields = Files.readString(STATM).trim().split(" ");
            return Long.parseLong(fields[1]) * PAGE_BYTES;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
