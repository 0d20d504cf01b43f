package dev.genlab.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {
    private static final long GIB = 1L << 30;

    @Test
    void withoutJavaCppPropertiesTheHeapIsTheBudget() {
        assertThat(MemoryBudget.of(2 * GIB, Map.<String, String>of()::get, 24 * GIB))
                .isEqualTo(new MemoryBudget(2 * GIB, "the Java heap's maximum, -Xmx"));
    }

    @Test
    void theArrayLimitReplacesTheHeapAndTheProcessCapBoundsIt() {
        assertThat(MemoryBudget.of(GIB, Map.of("org.bytedeco.javacpp.maxbytes", "4g")::get, 24 * GIB))
                .isEqualTo(new MemoryBudget(4 * GIB, "-Dorg.bytedeco.javacpp.maxbytes=4g"));
        assertThat(MemoryBudget.of(GIB, Map.of("org.bytedeco.javacpp.maxbytes", "4g",
                "org.bytedeco.javacpp.maxphysicalbytes", "1900m")::get, 24 * GIB))
                .isEqualTo(new MemoryBudget(1900L << 20, "-Dorg.bytedeco.javacpp.maxphysicalbytes=1900m"));
        // JavaCPP reads camel case too
        assertThat(MemoryBudget.of(GIB, Map.of("org.bytedeco.javacpp.maxPhysicalBytes", "3g")::get, 24 * GIB))
                .isEqualTo(new MemoryBudget(GIB, "the Java heap's maximum, -Xmx"));
        assertThat(MemoryBudget.of(4 * GIB, Map.of("org.bytedeco.javacpp.maxPhysicalBytes", "3g")::get, 24 * GIB))
                .isEqualTo(new MemoryBudget(3 * GIB, "-Dorg.bytedeco.javacpp.maxphysicalbytes=3g"));
    }

    @Test
    void noLimitStillStopsAtTheMachine() {
        assertThat(MemoryBudget.of(GIB, Map.of("org.bytedeco.javacpp.maxbytes", "0")::get, 24 * GIB))
                .isEqualTo(new MemoryBudget(24 * GIB, "the machine's memory"));
        assertThat(MemoryBudget.of(GIB, Map.of("org.bytedeco.javacpp.maxbytes", "0")::get, 0).bytes())
                .isEqualTo(Long.MAX_VALUE);
    }
}
