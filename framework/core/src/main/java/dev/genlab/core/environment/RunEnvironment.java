package dev.genlab.core.environment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The system tags of a run, so that a run in MLflow says where it came from and what it ran on: MLflow's own
 * source tags (as the Python client sets them) and GenLab's version, the ND4J backend and the hardware. A value
 * that cannot be found is left out; it never fails a run.
 */
public final class RunEnvironment {
    static final String SOURCE_NAME = "mlflow.source.name";
    static final String SOURCE_TYPE = "mlflow.source.type";
    static final String GIT_COMMIT = "mlflow.source.git.commit";
    private static final String UNKNOWN = "unknown";

    private RunEnvironment() {
    }

    /** The tags for a run of the spec at {@code specSource} (a path, as given on the command line). */
    public static Map<String, String> tags(String specSource) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(SOURCE_NAME, specSource);
        tags.put(SOURCE_TYPE, "LOCAL");
        put(tags, GIT_COMMIT, () -> GitCommit.of(Optional.ofNullable(Path.of(specSource).toAbsolutePath().getParent())
                .orElse(Path.of(""))).or(() -> GitCommit.of(Path.of(""))).orElse(null));
        put(tags, "genlab.version", RunEnvironment::genlabVersion);
        put(tags, "genlab.nd4j.backend", () -> Nd4j.getBackend().getClass().getSimpleName());
        put(tags, "genlab.nd4j.version", () -> mavenVersion(Nd4j.class, "org.nd4j", "nd4j-api"));
        put(tags, "genlab.nd4j.blas", () -> String.valueOf(Nd4j.getExecutioner().getEnvironmentInformation()
                .getOrDefault("blas.vendor", UNKNOWN)));
        put(tags, "genlab.host.cpu", RunEnvironment::cpuModel);
        put(tags, "genlab.host.cores", () -> Integer.toString(Runtime.getRuntime().availableProcessors()));
        put(tags, "genlab.jvm.max_heap", () -> String.format(Locale.ROOT, "%.1f GiB",
                Runtime.getRuntime().maxMemory() / (1024.0 * 1024 * 1024)));
        put(tags, "genlab.jvm.version", () -> System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        put(tags, "genlab.host.os", () -> System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        return tags;
    }

    private static void put(Map<String, String> tags, String key, Supplier<String> value) {
        try {
            String text = value.get();
            if (text != null && !text.isBlank()) {
                tags.put(key, text.strip());
            }
        } catch (RuntimeException | LinkageError e) {
            // Left out: a missing detail is better than a failed run.
        }
    }

    /** GenLab's version, as the build recorded it. */
    public static String genlabVersion() {
        return properties(RunEnvironment.class, "genlab.properties").getProperty("version", UNKNOWN);
    }

    private static String mavenVersion(Class<?> anchor, String groupId, String artifactId) {
        return properties(anchor, "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties")
                .getProperty("version", UNKNOWN);
    }

    private static Properties properties(Class<?> anchor, String resource) {
        Properties properties = new Properties();
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // Reported as unknown.
        }
        return properties;
    }

    /** The CPU's model name on Linux; the architecture elsewhere. */
    private static String cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try {
                for (String line : Files.readAllLines(cpuinfo, StandardCharsets.UTF_8)) {
                    if (line.startsWith("model name")) {
                        return line.substring(line.indexOf(':') + 1).strip();
                    }
                }
            } catch (IOException e) {
                // Fall back to the architecture.
            }
        }
        return System.getProperty("os.arch");
    }
}
