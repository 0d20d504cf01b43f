package dev.genlab.core.spec;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.genlab.core.plugin.BoundDataset;
import dev.genlab.core.plugin.BoundModel;
import dev.genlab.core.plugin.BoundPlugin;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A spec that passed validation: every value bound and checked, defaults filled in. Nothing has run yet.
 *
 * @param overrides the {@code --set key=value} overrides applied to the spec file, as given and in order
 */
public record ExperimentConfig(String experiment, String runName, Optional<String> description, long seed,
        BoundDataset<?> dataset, BoundModel<?> model, TrainingSpec training, TrackingSpec tracking,
        String source, List<String> overrides) {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build();

    public ExperimentConfig {
        requireNonNull(experiment, "experiment is null");
        requireNonNull(runName, "runName is null");
        requireNonNull(description, "description is null");
        requireNonNull(dataset, "dataset is null");
        requireNonNull(model, "model is null");
        requireNonNull(training, "training is null");
        requireNonNull(tracking, "tracking is null");
        requireNonNull(source, "source is null");
        overrides = List.copyOf(overrides);
    }

    /** Whether a {@code --set} override (a sweep's trial is made of them) set the value at {@code key} (dotted). */
    public boolean overrides(String key) {
        return overrides.stream().anyMatch(override -> {
            int equals = override.indexOf('=');
            return equals > 0 && override.substring(0, equals).trim().equals(key);
        });
    }

    /**
     * This config with {@code training.threads} set to {@code count}: a machine's setting, not an override of
     * the spec, so {@link #overrides()} stays as it was.
     */
    public ExperimentConfig withThreads(int count) {
        return new ExperimentConfig(experiment, runName, description, seed, dataset, model,
                training.withThreads(count), tracking, source, overrides);
    }

    /** The resolved spec as a tree: what ran, with every default written out. */
    public ObjectNode resolved() {
        ObjectNode root = RecordWriter.write(new ExperimentHeader(experiment, Optional.of(runName), description, seed,
                training, tracking));
        ObjectNode ordered = root.objectNode();
        ordered.set("experiment", root.get("experiment"));
        ordered.set("run", root.get("run"));
        if (root.has("description")) {
            ordered.set("description", root.get("description"));
        }
        ordered.set("seed", root.get("seed"));
        ordered.set("dataset", section(dataset));
        ordered.set("model", section(model));
        ordered.set("training", root.get("training"));
        ordered.set("tracking", root.get("tracking"));
        return ordered;
    }

    /** The resolved spec as YAML, logged as the run's {@code spec.yaml}: running it again repeats the run. */
    public String resolvedYaml() {
        try {
            return YAML.writeValueAsString(resolved());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The resolved spec flattened to dotted keys ({@code training.optimizer.learningRate}), for parameters. */
    public Map<String, String> flattened() {
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", resolved(), flat);
        return flat;
    }

    private static ObjectNode section(BoundPlugin<?> selection) {
        ObjectNode node = RecordWriter.write(selection.parameters());
        ObjectNode section = node.objectNode();
        section.put("type", selection.type());
        section.setAll(node);
        return section;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> flat) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                flatten(prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey(), entry.getValue(), flat);
            }
        } else if (node.isArray()) {
            flat.put(prefix, node.toString());
        } else {
            flat.put(prefix, node.asText());
        }
    }
}
