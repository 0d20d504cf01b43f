package dev.genlab.core.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genlab.api.GenLabException;
import dev.genlab.core.environment.GpuCheck.Capability;
import dev.genlab.core.environment.GpuCheck.Gpu;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The GPU check's decisions, from nvidia-smi and ND4J output captured as text: no GPU needed. */
class GpuCheckTest {
    private static final String H100_UUID = "GPU-5a3c1d2e-0b7f-4c1a-9e3d-2f6b8a9c0d1e";
    private static final String A100_UUID = "GPU-8932f937-d72c-4106-c12f-20bd9faed9f6";
    private static final String MIXED = "0, " + H100_UUID + ", NVIDIA H100 80GB HBM3, 9.0\n"
            + "1, " + A100_UUID + ", NVIDIA A100-SXM4-40GB, 8.0\n";

    @Test
    void readsEachGpuOfNvidiaSmi() {
        assertThat(GpuCheck.parseNvidiaSmi(MIXED)).containsExactly(
                new Gpu(0, H100_UUID, "NVIDIA H100 80GB HBM3", new Capability(9, 0)),
                new Gpu(1, A100_UUID, "NVIDIA A100-SXM4-40GB", new Capability(8, 0)));
    }

    @Test
    void leavesOutWhatItCannotRead() {
        String output = "0, GPU-1, Some GPU, [N/A]\r\n"
                + "\n"
                + "Field \"compute_cap\" is not a valid field to query.\n"
                + "1, GPU-2, Name, with a comma, 12.0\n";

        assertThat(GpuCheck.parseNvidiaSmi(output))
                .containsExactly(new Gpu(1, "GPU-2", "Name, with a comma", new Capability(12, 0)));
        assertThat(GpuCheck.parseNvidiaSmi("")).isEmpty();
    }

    @Test
    void everyEightPointXGpuRunsTheKernelsOfEightPointSixAndNothingNewer() {
        // sm_86 code runs on 8.6 to 8.9 (same major version), older GPUs have their own kernels
        for (String ok : List.of("7.0", "7.5", "8.0", "8.6", "8.7", "8.9")) {
            assertThat(Capability.parse(ok)).hasValueSatisfying(cc -> assertThat(cc.supported()).as(ok).isTrue());
        }
        for (String newer : List.of("9.0", "10.0", "12.0")) {
            assertThat(Capability.parse(newer))
                    .hasValueSatisfying(cc -> assertThat(cc.supported()).as(newer).isFalse());
        }
        assertThat(Capability.parse("[Not Supported]")).isEmpty();
        assertThat(Capability.parse("9")).isEmpty();
    }

    @Test
    void aHopperGpuIsABackendErrorThatSaysWhatToDo() {
        List<Gpu> gpus = GpuCheck.parseNvidiaSmi("0, " + H100_UUID + ", NVIDIA H100 80GB HBM3, 9.0\n");

        assertThat(GpuCheck.problem(gpus, gpus)).hasValueSatisfying(error -> {
            assertThat(error.category()).isEqualTo(GenLabException.Category.BACKEND);
            assertThat(error.getMessage())
                    .contains("NVIDIA H100 80GB HBM3 (GPU 0, compute capability 9.0)")
                    .contains("nd4j-cuda-11.6", "up to 8.6", "without PTX")
                    .contains("without -Pcuda", "mvn clean install -DskipTests", "docker/Dockerfile.cpu")
                    .contains("8.x or older")
                    .doesNotContain("CUDA_VISIBLE_DEVICES");
        });
    }

    @Test
    void anAmpereOrAdaGpuPasses() {
        List<Gpu> gpus = GpuCheck.parseNvidiaSmi("0, GPU-a, NVIDIA A100-SXM4-40GB, 8.0\n"
                + "1, GPU-b, NVIDIA GeForce RTX 4090, 8.9\n2, GPU-c, NVIDIA GeForce RTX 3090, 8.6\n");

        assertThat(GpuCheck.problem(gpus, gpus)).isEmpty();
        assertThat(GpuCheck.problem(List.of(), List.of())).isEmpty();
    }

    @Test
    void onAMixedMachineTheErrorNamesTheGpuToKeep() {
        List<Gpu> gpus = GpuCheck.parseNvidiaSmi(MIXED);

        assertThat(GpuCheck.problem(gpus, gpus)).hasValueSatisfying(error -> assertThat(error.getMessage())
                .contains("NVIDIA H100 80GB HBM3 (GPU 0, compute capability 9.0)")
                .contains("CUDA_VISIBLE_DEVICES=" + A100_UUID + " leaves only NVIDIA A100-SXM4-40GB (GPU 1"));
    }

    @Test
    void onlyTheGpusCudaVisibleDevicesLeavesAreChecked() {
        List<Gpu> gpus = GpuCheck.parseNvidiaSmi(MIXED);
        Gpu h100 = gpus.get(0);
        Gpu a100 = gpus.get(1);

        assertThat(GpuCheck.visible(gpus, null, null)).containsExactly(h100, a100);
        assertThat(GpuCheck.visible(gpus, A100_UUID, null)).containsExactly(a100);
        assertThat(GpuCheck.visible(gpus, "GPU-8932", null)).containsExactly(a100); // a unique prefix
        assertThat(GpuCheck.visible(gpus, "GPU-", null)).isEmpty(); // not unique: CUDA stops there
        assertThat(GpuCheck.visible(gpus, "1", "PCI_BUS_ID")).containsExactly(a100);
        assertThat(GpuCheck.visible(gpus, "1, 0,1", "PCI_BUS_ID")).containsExactly(a100, h100);
        assertThat(GpuCheck.visible(gpus, "1,7,0", "PCI_BUS_ID")).containsExactly(a100); // stops at 7
        assertThat(GpuCheck.visible(gpus, "", null)).isEmpty();
        assertThat(GpuCheck.visible(gpus, "-1", null)).isEmpty();
        // numbers in CUDA's default order (fastest first) may not be nvidia-smi's: every GPU counts
        assertThat(GpuCheck.visible(gpus, "1", null)).containsExactly(h100, a100);
        assertThat(GpuCheck.visible(gpus, "MIG-0f1e2d3c-0000-1111-2222-333344445555", null))
                .containsExactly(h100, a100);
    }

    @Test
    void theCpuBuildDoesNothingAndAsksNothing() {
        Supplier<Optional<String>> noNvidiaSmi = () -> {
            throw new AssertionError("nvidia-smi run with the CPU backend");
        };
        Supplier<List<Gpu>> noNd4j = () -> {
            throw new AssertionError("ND4J asked with the CPU backend");
        };

        assertThatCode(() -> GpuCheck.requireSupportedGpu(false, noNvidiaSmi, noNd4j, null, null))
                .doesNotThrowAnyException();
        // and this build (the tests') has the CPU backend
        assertThat(GpuCheck.class.getClassLoader().getResource(GpuCheck.CUDA_BACKEND_RESOURCE)).isNull();
        assertThatCode(GpuCheck::requireSupportedGpu).doesNotThrowAnyException();
    }

    @Test
    void theCudaBuildChecksTheVisibleGpusOfNvidiaSmi() {
        Supplier<List<Gpu>> noNd4j = () -> {
            throw new AssertionError("ND4J asked although nvidia-smi answered");
        };

        assertThatThrownBy(() -> GpuCheck.requireSupportedGpu(true, () -> Optional.of(MIXED), noNd4j, null, null))
                .isInstanceOfSatisfying(GenLabException.class,
                        error -> assertThat(error.category()).isEqualTo(GenLabException.Category.BACKEND))
                .hasMessageContaining("NVIDIA H100 80GB HBM3");
        assertThatCode(() -> GpuCheck.requireSupportedGpu(true, () -> Optional.of(MIXED), noNd4j, A100_UUID, null))
                .doesNotThrowAnyException();
    }

    @Test
    void withoutNvidiaSmiTheCudaBuildAsksNd4j() {
        Object nd4jDevices = List.of(Map.of("cuda.deviceName", "NVIDIA H200", "cuda.deviceMajor", 9,
                "cuda.deviceMinor", 0, "cuda.totalMemory", 150_000_000_000L));
        List<Gpu> gpus = GpuCheck.parseNd4j(nd4jDevices);

        assertThat(gpus).containsExactly(new Gpu(0, null, "NVIDIA H200", new Capability(9, 0)));
        // ND4J's list is already what CUDA_VISIBLE_DEVICES leaves
        assertThatThrownBy(() -> GpuCheck.requireSupportedGpu(true, Optional::empty, () -> gpus, "GPU-x", null))
                .isInstanceOf(GenLabException.class)
                .hasMessageContaining("NVIDIA H200 (GPU 0, compute capability 9.0)");
        assertThat(GpuCheck.parseNd4j(null)).isEmpty();
        assertThat(GpuCheck.parseNd4j(List.of(Map.of("cuda.deviceName", "no capability")))).isEmpty();
    }
}
