package dev.genlab.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NativeMemoryTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final AtomicLong resident = new AtomicLong(500L << 20);

    @Test
    void collectsOncePerIntervalWhateverTheNumberOfSteps() {
        NativeMemory memory = new NativeMemory(now::get, resident::get);

        assertThat(memory.afterStep()).isFalse();
        now.addAndGet(NativeMemory.INTERVAL_NANOS - 1);
        assertThat(memory.afterStep()).isFalse();
        now.addAndGet(1);
        assertThat(memory.afterStep()).isTrue();
        assertThat(memory.afterStep()).isFalse();
        now.addAndGet(NativeMemory.INTERVAL_NANOS);
        assertThat(memory.afterStep()).isTrue();
    }

    @Test
    void collectsAsSoonAsTheResidentSetHasGrownEnough() {
        NativeMemory memory = new NativeMemory(now::get, resident::get);

        resident.addAndGet(NativeMemory.GROWTH_BYTES - 1);
        assertThat(memory.afterStep()).isFalse();
        resident.addAndGet(1);
        assertThat(memory.afterStep()).isTrue();
        // growth counts from what was resident after that collection
        resident.addAndGet(NativeMemory.GROWTH_BYTES - 1);
        assertThat(memory.afterStep()).isFalse();
        resident.addAndGet(1);
        assertThat(memory.afterStep()).isTrue();
    }

    @Test
    void readsThisProcesssResidentSet() {
        assertThat(NativeMemory.residentBytes()).isGreaterThan(10L << 20);
    }
}
