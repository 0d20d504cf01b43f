package dev.genlab.tracking;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code MLmodel} file that makes a directory of a run's artifacts an MLflow model: MLflow's YAML format with
 * one flavor, {@code genlab}, which names the model's files and how to load them ({@code genlab sample}).
 */
public final class MlmodelFile {
    public static final String NAME = "MLmodel";
    public static final String FLAVOR = "genlab";
    private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    private MlmodelFile() {
    }

    /**
     * The file's text.
     *
     * @param artifactPath where the model's files are: the logged model's artifact location, else the run's directory
     * @param runId the run that made the model
     * @param modelId the logged model's id in MLflow, when the server has logged models
     * @param modelUuid MLflow's {@code model_uuid}: the logged model's id, or an id of GenLab's own without one
     * @param created when the model was saved
     */
    public static byte[] render(SavedModel model, String artifactPath, String runId, Optional<String> modelId,
            String modelUuid, Instant created) {
        return render(model.artifactPath(), model.modelType(), model.flavor(), List.copyOf(model.files().keySet()),
                artifactPath, runId, modelId, modelUuid, created);
    }

    /**
     * As {@link #render(SavedModel, String, String, Optional, String, Instant)}, from what a journal keeps of the
     * model: its directory in the run, type, flavor and the names of its files.
     */
    public static byte[] render(String directory, String modelType, Map<String, Object> flavor, List<String> files,
            String artifactPath, String runId, Optional<String> modelId, String modelUuid, Instant created) {
        requireNonNull(modelId, "modelId is null");
        StringBuilder yaml = new StringBuilder();
        line(yaml, "", "artifact_path", artifactPath);
        yaml.append("flavors:\n  ").append(FLAVOR).append(":\n");
        flavor.forEach((key, value) -> value(yaml, "    ", key, value));
        line(yaml, "    ", "model_type", modelType);
        value(yaml, "    ", "files", files);
        line(yaml, "    ", "sample", "genlab sample runs:/" + runId + "/" + directory + " --count 64 --out samples.png");
        modelId.ifPresent(id -> line(yaml, "", "model_id", id));
        line(yaml, "", "model_uuid", modelUuid);
        line(yaml, "", "run_id", runId);
        line(yaml, "", "utc_time_created", CREATED.format(created));
        return yaml.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void value(StringBuilder yaml, String indent, String key, Object value) {
        if (value instanceof List<?> list) {
            yaml.append(indent).append(key).append(":\n");
            list.forEach(item -> yaml.append(indent).append("- ").append(quoted(item.toString())).append('\n'));
        } else {
            line(yaml, indent, key, value.toString());
        }
    }

    private static void line(StringBuilder yaml, String indent, String key, String value) {
        yaml.append(indent).append(key).append(": ").append(quoted(value)).append('\n');
    }

    /** A double-quoted YAML scalar, which reads back as the same string whatever it holds. */
    private static String quoted(String value) {
        StringBuilder quoted = new StringBuilder("\"");
        value.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                quoted.append('\\').appendCodePoint(c);
            } else if (c < 0x20 || c == 0x7f) {
                quoted.append(String.format(Locale.ROOT, "\\x%02x", c));
            } else {
                quoted.appendCodePoint(c);
            }
        });
        return quoted.append('"').toString();
    }
}
