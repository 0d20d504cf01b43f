package dev.genlab.sweep;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Everything one trial needs to run anywhere: in a process on this machine or a Spark executor. Serializable for
 * Spark; it holds the spec's text, not its path, so that an executor needs no copy of the file.
 *
 * @param parentRunId the parent run's MLflow id: with {@code index}, the trial's identity
 * @param sweepDirectory where trials record their results ({@code .genlab/sweeps/<parent local id>})
 * @param workDir where the trial's run is journaled and checkpointed: a retried trial must reach it
 * @param overrides the sweep's {@code --set} values, then the trial's own overrides
 * @param trackingUri the MLflow server, or empty to choose as {@code genlab run} does (the spec,
 *     {@code MLFLOW_TRACKING_URI}, a local server); may hold credentials, so it is never printed
 * @param tags the child run's tags: its parent, its number and its overrides
 */
public record TrialTask(String parentRunId, String sweepDirectory, int index, int trials, String label,
        String runName, String specName, String specText, List<String> overrides, String workDir,
        String trackingUri, Map<String, String> tags) implements Serializable {
    private static final long serialVersionUID = 1L;

    public TrialTask {
        requireNonNull(parentRunId, "parentRunId is null");
        requireNonNull(sweepDirectory, "sweepDirectory is null");
        requireNonNull(label, "label is null");
        requireNonNull(runName, "runName is null");
        requireNonNull(specName, "specName is null");
        requireNonNull(specText, "specText is null");
        overrides = List.copyOf(overrides);
        requireNonNull(workDir, "workDir is null");
        requireNonNull(trackingUri, "trackingUri is null");
        tags = Map.copyOf(tags);
    }

    @Override
    public String toString() {
        return "TrialTask[" + index + " of parent " + parentRunId + ": " + label + "]";
    }
}
