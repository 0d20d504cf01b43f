package dev.genlab.tracking;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * What a new run needs.
 *
 * @param experimentName the MLflow experiment, created when missing
 * @param runName the run's display name ({@code mlflow.runName})
 * @param tags tags set when the run starts
 */
public record RunRequest(String experimentName, String runName, Map<String, String> tags) {
    public RunRequest {
        requireNonNull(experimentName, "experimentName is null");
        requireNonNull(runName, "runName is null");
        tags = Map.copyOf(tags);
    }
}
