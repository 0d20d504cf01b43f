package dev.genlab.tracking;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained model as a run keeps it: its files, stored as the run's artifacts under {@code artifactPath/}, and
 * what the {@code genlab} flavor of its MLmodel file says about them.
 *
 * @param artifactPath the directory of the run's artifacts that holds the model ({@code model})
 * @param modelType the model plugin's name ({@code ae}), MLflow's model type
 * @param files the model's files by path relative to {@code artifactPath} ({@code /}-separated), in order
 * @param flavor what the {@code genlab} flavor of the MLmodel file records (strings, or lists of strings)
 * @param step the step the model was trained to
 */
public record SavedModel(String artifactPath, String modelType, Map<String, byte[]> files, Map<String, Object> flavor,
        long step) {
    public SavedModel {
        requireNonNull(artifactPath, "artifactPath is null");
        requireNonNull(modelType, "modelType is null");
        Map<String, byte[]> copy = new LinkedHashMap<>();
        files.forEach((path, content) -> copy.put(requireNonNull(path, "file path is null"),
                requireNonNull(content, () -> "content of " + path + " is null")));
        if (copy.containsKey(MlmodelFile.NAME)) {
            throw new IllegalArgumentException("The model's files may not include " + MlmodelFile.NAME
                    + ": the tracker writes it");
        }
        files = Collections.unmodifiableMap(copy);
        Map<String, Object> described = new LinkedHashMap<>();
        flavor.forEach((key, value) -> described.put(requireNonNull(key, "flavor key is null"), flavorValue(key, value)));
        flavor = Collections.unmodifiableMap(described);
    }

    private static Object flavorValue(String key, Object value) {
        if (value instanceof String) {
            return value;
        }
        if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return List.copyOf(list);
        }
        throw new IllegalArgumentException("flavor value of " + key + " must be a string or a list of strings: " + value);
    }
}
