package dev.genlab.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NativeMemoryTest {
    @Test
    void collectsOncePerIntervalWhateverTheNumberOfSteps() {
        AtomicLong now = new AtomicLong(1_000);
        NativeMemory memory = new NativeMemory(now::get);

        assertThat(memory.afterStep()).isFalse();
        now.addAndGet(NativeMemory.INTERVAL_NANOS - 1);
        assertThat(memory.afterStep()).isFalse();
        now.addAndGet(1);
        assertThat(memory.afterStep()).isTrue();
        assertThat(memory.afterStep()).isFalse();
        now.addAndGet(NativeMemory.INTERVAL_NANOS);
        assertThat(memory.afterStep()).isTrue();
    }
}
