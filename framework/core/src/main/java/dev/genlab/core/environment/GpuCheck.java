package dev.genlab.core.environment;

import static java.util.stream.Collectors.joining;

import dev.genlab.api.GenLabException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Stops a run before training, with what to do, when GenLab's CUDA build ({@code mvn -Pcuda}: ND4J's
 * nd4j-cuda-11.6 1.0.0-M2.1) meets a GPU it has no code for. That backend's kernels are compiled for compute
 * capability up to 8.6 without PTX. A GPU runs code compiled for its own major version and an equal or lower minor
 * one, so every 8.x GPU (Ampere, Ada) runs it; Hopper (9.0) and newer do not, and would fail in the middle of ND4J
 * with CUDA's "no kernel image is available for execution on the device".
 *
 * <p>The capability comes from {@code nvidia-smi}, without starting ND4J, for the GPUs that CUDA_VISIBLE_DEVICES
 * leaves visible; without {@code nvidia-smi}, from ND4J's own device list. With the CPU build this does nothing
 * but look up one class-path resource.
 */
public final class GpuCheck {
    /** In the nd4j-cuda-11.6 jar: the CUDA build whose kernels this check knows. */
    static final String CUDA_BACKEND_RESOURCE = "META-INF/maven/org.nd4j/nd4j-cuda-11.6/pom.properties";
    /** The newest compute capability nd4j-cuda-11.6 has kernels for. */
    static final Capability NEWEST_KERNELS = new Capability(8, 6);
    private static final long NVIDIA_SMI_TIMEOUT_SECONDS = 20;

    private GpuCheck() {
    }

    /**
     * Throws a {@link GenLabException.Category#BACKEND} error when nd4j-cuda-11.6 is on the class path and a
     * visible GPU cannot run it; returns at once with the CPU backend.
     */
    public static void requireSupportedGpu() {
        requireSupportedGpu(GpuCheck.class.getClassLoader().getResource(CUDA_BACKEND_RESOURCE) != null,
                GpuCheck::nvidiaSmi, GpuCheck::nd4jDevices, System.getenv("CUDA_VISIBLE_DEVICES"),
                System.getenv("CUDA_DEVICE_ORDER"));
    }

    static void requireSupportedGpu(boolean cudaBackend, Supplier<Optional<String>> nvidiaSmi,
            Supplier<List<Gpu>> nd4jDevices, String visibleDevices, String deviceOrder) {
        if (!cudaBackend) {
            return;
        }
        Optional<String> smi = nvidiaSmi.get();
        List<Gpu> all = smi.map(GpuCheck::parseNvidiaSmi).orElseGet(nd4jDevices);
        // ND4J lists only the devices CUDA shows it; nvidia-smi lists every GPU of the machine
        List<Gpu> visible = smi.isPresent() ? visible(all, visibleDevices, deviceOrder) : all;
        Optional<GenLabException> problem = problem(visible, all);
        if (problem.isPresent()) {
            throw problem.get();
        }
    }

    /** A compute capability, major.minor. */
    record Capability(int major, int minor) {
        /** "8.6" as nvidia-smi prints it; empty for anything else ("[N/A]", "[Not Supported]"). */
        static Optional<Capability> parse(String text) {
            String[] parts = text.strip().split("\\.");
            try {
                return parts.length == 2 ? Optional.of(new Capability(Integer.parseInt(parts[0]),
                        Integer.parseInt(parts[1]))) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        /** Whether nd4j-cuda-11.6's kernels run on it: same major version as the newest, or an older one. */
        boolean supported() {
            return major <= NEWEST_KERNELS.major();
        }

        @Override
        public String toString() {
            return major + "." + minor;
        }
    }

    /** A GPU: its number (nvidia-smi's, or CUDA's from ND4J), UUID (null from ND4J), name and capability. */
    record Gpu(int index, String uuid, String name, Capability capability) {
        String describe() {
            return name + " (GPU " + index + ", compute capability " + capability + ")";
        }
    }

    /**
     * The GPUs in the output of {@code nvidia-smi --query-gpu=index,uuid,name,compute_cap --format=csv,noheader},
     * one per line; a line without a readable capability is left out (nothing to judge).
     */
    static List<Gpu> parseNvidiaSmi(String output) {
        List<Gpu> gpus = new ArrayList<>();
        for (String line : output.split("\\R")) {
            String[] fields = line.split(",");
            if (fields.length < 4) {
                continue;
            }
            Optional<Capability> capability = Capability.parse(fields[fields.length - 1]);
            try {
                int index = Integer.parseInt(fields[0].strip());
                String name = String.join(",", Arrays.copyOfRange(fields, 2, fields.length - 1)).strip();
                capability.ifPresent(cc -> gpus.add(new Gpu(index, fields[1].strip(), name, cc)));
            } catch (NumberFormatException e) {
                // not a GPU line
            }
        }
        return List.copyOf(gpus);
    }

    /**
     * The GPUs CUDA will use, from nvidia-smi's list and CUDA_VISIBLE_DEVICES (null: all of them). Entries are
     * nvidia-smi indices when CUDA_DEVICE_ORDER is PCI_BUS_ID (CUDA's default order, fastest first, may differ:
     * then every GPU is checked), or UUIDs and their prefixes; as in CUDA, the list ends at the first entry that
     * names no GPU. A MIG instance cannot be told apart here, so every GPU is checked.
     */
    static List<Gpu> visible(List<Gpu> gpus, String visibleDevices, String deviceOrder) {
        if (visibleDevices == null) {
            return gpus;
        }
        List<Gpu> visible = new ArrayList<>();
        for (String entry : visibleDevices.split(",", -1)) {
            String id = entry.strip();
            List<Gpu> named;
            if (id.matches("\\d{1,9}")) {
                if (!"PCI_BUS_ID".equals(deviceOrder)) {
                    return gpus;
                }
                int index = Integer.parseInt(id);
                named = gpus.stream().filter(gpu -> gpu.index() == index).toList();
            } else if (id.startsWith("GPU-")) {
                named = gpus.stream().filter(gpu -> gpu.uuid() != null && gpu.uuid().startsWith(id)).toList();
            } else if (id.startsWith("MIG-")) {
                return gpus;
            } else {
                named = List.of();
            }
            if (named.size() != 1) {
                break;
            }
            if (!visible.contains(named.get(0))) {
                visible.add(named.get(0));
            }
        }
        return List.copyOf(visible);
    }

    /** The error for the visible GPUs that cannot run the CUDA backend, if any; {@code all} for the advice. */
    static Optional<GenLabException> problem(List<Gpu> visible, List<Gpu> all) {
        List<Gpu> unsupported = visible.stream().filter(gpu -> !gpu.capability().supported()).toList();
        if (unsupported.isEmpty()) {
            return Optional.empty();
        }
        List<Gpu> usable = all.stream().filter(gpu -> gpu.capability().supported()).toList();
        StringBuilder message = new StringBuilder("GenLab's CUDA build cannot run on ")
                .append(unsupported.stream().map(Gpu::describe).collect(joining(", ")))
                .append(": its ND4J backend, nd4j-cuda-11.6 1.0.0-M2.1, has GPU code for compute capability up to ")
                .append(NEWEST_KERNELS).append(" only, without PTX, which covers the 8.x GPUs (Ampere, Ada) but not"
                        + " Hopper (9.0) or newer. Use the CPU build instead (rebuild without -Pcuda:"
                        + " mvn clean install -DskipTests, or the docker/Dockerfile.cpu image), or a GPU of compute"
                        + " capability 8.x or older (A100, A10, L4, RTX 30 or 40 series, V100, T4)");
        if (!usable.isEmpty()) {
            boolean uuids = usable.stream().allMatch(gpu -> gpu.uuid() != null);
            message.append("; on this machine, CUDA_VISIBLE_DEVICES=")
                    .append(usable.stream().map(gpu -> uuids ? gpu.uuid() : Integer.toString(gpu.index()))
                            .collect(joining(",")))
                    .append(" leaves only ").append(usable.stream().map(Gpu::describe).collect(joining(", ")))
                    .append(" visible");
        }
        return Optional.of(new GenLabException(GenLabException.Category.BACKEND, message.append('.').toString()));
    }

    /** ND4J's device list ({@code cuda.devicesInformation} of its environment information). */
    static List<Gpu> parseNd4j(Object devicesInformation) {
        List<Gpu> gpus = new ArrayList<>();
        if (devicesInformation instanceof List<?> devices) {
            for (int i = 0; i < devices.size(); i++) {
                if (devices.get(i) instanceof Map<?, ?> device && device.get("cuda.deviceMajor") instanceof Number major
                        && device.get("cuda.deviceMinor") instanceof Number minor) {
                    gpus.add(new Gpu(i, null, String.valueOf(device.get("cuda.deviceName")),
                            new Capability(major.intValue(), minor.intValue())));
                }
            }
        }
        return List.copyOf(gpus);
    }

    private static List<Gpu> nd4jDevices() {
        try {
            return parseNd4j(Nd4j.getExecutioner().getEnvironmentInformation().get("cuda.devicesInformation"));
        } catch (RuntimeException | LinkageError e) {
            return List.of(); // ND4J did not start: its own error says why at its next use
        }
    }

    /** nvidia-smi's answer; empty without nvidia-smi, a driver, or a driver that knows the compute_cap field. */
    private static Optional<String> nvidiaSmi() {
        try {
            Process process = new ProcessBuilder("nvidia-smi", "--query-gpu=index,uuid,name,compute_cap",
                    "--format=csv,noheader").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            process.getOutputStream().close();
            if (!process.waitFor(NVIDIA_SMI_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            try (InputStream out = process.getInputStream()) {
                String text = new String(out.readAllBytes(), StandardCharsets.UTF_8);
                return process.exitValue() == 0 ? Optional.of(text) : Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
