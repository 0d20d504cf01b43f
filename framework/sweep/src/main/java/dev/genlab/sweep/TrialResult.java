package dev.genlab.sweep;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.Map;

/**
 * How a trial ended: its child run, its status (FINISHED, FAILED, KILLED) and its final test metrics.
 *
 * @param message why it did not finish, or empty
 */
public record TrialResult(int index, String runId, String status, Map<String, Double> metrics, String message)
        implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String FINISHED = "FINISHED";
    public static final String FAILED = "FAILED";
    public static final String KILLED = "KILLED";

    public TrialResult {
        requireNonNull(runId, "runId is null");
        requireNonNull(status, "status is null");
        metrics = Map.copyOf(metrics);
        requireNonNull(message, "message is null");
    }

    public boolean finished() {
        return status.equals(FINISHED);
    }
}
