package dev.genlab.core.environment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NativeMemoryTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final AtomicLong resident = new AtomicLong(500L << 20);

    @Test
    void collectsOncePerIntervalWhateverTheNumberOfSteps() {
        NativeMemory memory = new NativeMemory(now::get, resident::get);

        assertThat(memory.check()).isFalse();
        now.addAndGet(NativeMemory.INTERVAL_NANOS - 1);
        assertThat(memory.check()).isFalse();
        now.addAndGet(1);
        assertThat(memory.check()).isTrue();
        assertThat(memory.check()).isFalse();
        now.addAndGet(NativeMemory.INTERVAL_NANOS);
        assertThat(memory.check()).isTrue();
    }

    @Test
    void collectsAsSoonAsTheResidentSetHasGrownEnough() {
        NativeMemory memory = new NativeMemory(now::get, resident::get);

        resident.addAndGet(NativeMemory.GROWTH_BYTES - 1);
        assertThat(memory.check()).isFalse();
        resident.addAndGet(1);
        assertThat(memory.check()).isTrue();
        // the arrays are freed after the collection: growth counts from the lowest point after it
        resident.addAndGet(-(300L << 20));
        assertThat(memory.check()).isFalse();
        resident.addAndGet(NativeMemory.GROWTH_BYTES - 1);
        assertThat(memory.check()).isFalse();
        resident.addAndGet(1);
        assertThat(memory.check()).isTrue();
    }

    @Test
    void collectingNowStartsAFreshIntervalAndGrowth() {
        NativeMemory memory = new NativeMemory(now::get, resident::get);
        now.addAndGet(NativeMemory.INTERVAL_NANOS - 1);
        resident.addAndGet(NativeMemory.GROWTH_BYTES - 1);

        memory.collect();

        // without the collection both would call for one now
        now.addAndGet(1);
        resident.addAndGet(1);
        assertThat(memory.check()).isFalse();
        now.addAndGet(NativeMemory.INTERVAL_NANOS);
        assertThat(memory.check()).isTrue();
    }

    @Test
    void readsThisProcesssResidentSet() {
        assertThat(NativeMemory.residentBytes()).isGreaterThan(10L << 20);
    }
}
