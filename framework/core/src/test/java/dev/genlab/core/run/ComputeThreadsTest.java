package dev.genlab.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class ComputeThreadsTest {
    @Test
    void theSpecWinsOverTheEnvironment() {
        assertThat(ComputeThreads.resolve(Optional.of(2), Map.of("OMP_NUM_THREADS", "4"))).isEqualTo(2);
    }

    @Test
    void ompNumThreadsIsTheDefaultWhenItIsAPositiveNumber() {
        assertThat(ComputeThreads.resolve(Optional.empty(), Map.of("OMP_NUM_THREADS", " 3 "))).isEqualTo(3);
        assertThat(ComputeThreads.resolve(Optional.empty(), Map.of("OMP_NUM_THREADS", "0")))
                .isEqualTo(ComputeThreads.DEFAULT);
        assertThat(ComputeThreads.resolve(Optional.empty(), Map.of("OMP_NUM_THREADS", "many")))
                .isEqualTo(ComputeThreads.DEFAULT);
        assertThat(ComputeThreads.resolve(Optional.empty(), Map.of())).isEqualTo(ComputeThreads.DEFAULT);
    }

    @Test
    void setsNd4jsThreadCounts() {
        int before = ComputeThreads.current();
        try {
            ComputeThreads.use(1);
            assertThat(ComputeThreads.current()).isEqualTo(1);
            assertThat(Nd4j.getEnvironment().maxMasterThreads()).isEqualTo(1);
            // ND4J caps OpenMP threads at the core count; this project's machines have 2
            ComputeThreads.use(2);
            assertThat(ComputeThreads.current()).isEqualTo(2);
            assertThat(Nd4j.getEnvironment().maxThreads()).isEqualTo(2);
        } finally {
            ComputeThreads.use(before);
        }
    }
}
