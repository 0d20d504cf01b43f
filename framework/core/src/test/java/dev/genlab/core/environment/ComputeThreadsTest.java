package dev.genlab.core.environment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class ComputeThreadsTest {
    @Test
    void theSpecWinsOverTheEnvironment() {
        assertThat(ComputeThreads.resolve(Optional.of(2), Map.of("OMP_NUM_THREADS", "4"), 8)).isEqualTo(2);
    }

    @Test
    void ompNumThreadsIsTheDefaultWhenItIsAPositiveNumberElseOnePerCore() {
        assertThat(ComputeThreads.resolve(Optional.empty(), Map.of("OMP_NUM_THREADS", " 3 "), 8)).isEqualTo(3);
        assertThat(ComputeThreads.resolve(Optional.empty(), Map.of("OMP_NUM_THREADS", "0"), 8)).isEqualTo(8);
        assertThat(ComputeThreads.resolve(Optional.empty(), Map.of("OMP_NUM_THREADS", "many"), 8)).isEqualTo(8);
        assertThat(ComputeThreads.resolve(Optional.empty(), Map.of(), 8)).isEqualTo(8);
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
