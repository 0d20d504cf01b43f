package dev.genlab.core.environment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import org.nd4j.common.config.ND4JSystemProperties;

/**
 * ND4J keeps arrays outside the Java heap and frees them only when the heap is collected. A training step
 * makes megabytes of such arrays (batches, noise, activations) but almost no heap garbage, so collections may
 * not come for a whole run: the reference dense autoencoder on MNIST grew to 5.8 GB of resident memory in 8
 * epochs that way, and a VAE to 8.3 GB in its test pass (SameDiff's inference leaves its arrays to the
 * collector). So before each batch of training or testing ({@link dev.genlab.api.Split#beforeEachBatch}) the
 * runner asks for a collection when the resident set has grown by {@link #GROWTH_BYTES} over the lowest it was
 * since the last one (ND4J frees arrays on a thread of its own, after the collection), or when
 * {@link #INTERVAL_NANOS} have passed; each costs milliseconds. Only between batches: a dense AE run that had
 * collections at any moment (a watcher thread calling for them, and a young generation small enough to be
 * collected every step) died with SIGSEGV in a broadcast, reading an array that had been freed.
 */
public final class NativeMemory {
    static final long INTERVAL_NANOS = 1_000_000_000L;
    static final long GROWTH_BYTES = 256L << 20;
    private static final Path STATM = Path.of("/proc/self/statm");
    private static final long PAGE_BYTES = 4096;

    private final LongSupplier clock;
    private final LongSupplier resident;
    private long last;
    private long lowest;

    public NativeMemory() {
        this(System::nanoTime, NativeMemory::residentBytes);
    }

    /** @param resident the resident set in bytes, or 0 where the system does not say */
    NativeMemory(LongSupplier clock, LongSupplier resident) {
        this.clock = clock;
        this.resident = resident;
        this.last = clock.getAsLong();
        this.lowest = resident.getAsLong();
    }

    /**
     * Makes SameDiff free each array as soon as a graph is done with it. By default every SameDiff session keeps
     * released arrays for reuse, up to a quarter of JavaCPP's {@code maxbytes} (1 GB at the launcher's 4 GB) each;
     * a VAE run, with one session for training and one for the test pass, grew to 3.2 GB of resident memory that
     * way while its arrays were rarely reused. A value the user set wins.
     */
    public static void freeSameDiffArraysPromptly() {
        if (System.getProperty(ND4JSystemProperties.SAMEDIFF_MEMORY_CACHE_DISABLE) == null) {
            // the property's name says "disable", its value means "enable the cache"
            System.setProperty(ND4JSystemProperties.SAMEDIFF_MEMORY_CACHE_DISABLE, "false");
        }
    }

    /** Collects when memory has grown enough or the interval has passed; says whether it did. */
    public boolean check() {
        long now = clock.getAsLong();
        long bytes = resident.getAsLong();
        lowest = Math.min(lowest, bytes);
        if (now - last < INTERVAL_NANOS && bytes - lowest < GROWTH_BYTES) {
            return false;
        }
        collect();
        return true;
    }

    /** Collects now, whatever has grown or passed: before work that allocates much at once. */
    public void collect() {
        System.gc();
        last = clock.getAsLong();
        lowest = Long.MAX_VALUE;
    }

    /** The resident set of this process (Linux), or 0 elsewhere. */
    public static long residentBytes() {
        try {
            String[] fields = Files.readString(STATM).trim().split(" ");
            return Long.parseLong(fields[1]) * PAGE_BYTES;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
