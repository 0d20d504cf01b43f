package dev.genlab.sweep;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.Comparator;
import java.util.Map;

/**
 * How a trial ended: its child run, its status (FINISHED, FAILED, KILLED) and its final metrics under their MLflow
 * keys ({@code test/mse}, {@code score/fd}).
 *
 * @param message why it did not finish, or empty
 */
public record TrialResult(int index, String runId, String status, Map<String, Double> metrics, String message)
        implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String FINISHED = "FINISHED";
    public static final String FAILED = "FAILED";
    public static final String KILLED = "KILLED";
    private static final String TEST_PREFIX = "test/";
    private static final String SCORE_PREFIX = "score/";
    /** Tables list the test metrics first, then the quality scores, each group by name. */
    static final Comparator<String> METRIC_ORDER = Comparator
            .<String, Boolean>comparing(key -> key.startsWith(SCORE_PREFIX)).thenComparing(Comparator.naturalOrder());

    public TrialResult {
        requireNonNull(runId, "runId is null");
        requireNonNull(status, "status is null");
        metrics = Map.copyOf(metrics);
        requireNonNull(message, "message is null");
    }

    /**
     * The MLflow key of a run's final metric as the runner returns it: test metrics ({@code mse}) are logged as
     * {@code test/mse}, quality scores ({@code score/fd}) under their own name.
     */
    static String metricKey(String key) {
        return key.startsWith(SCORE_PREFIX) ? key : TEST_PREFIX + key;
    }

    /** Whether {@code key} is the MLflow key of a final metric, as {@link #metricKey} makes them. */
    static boolean isFinalMetric(String key) {
        return key.startsWith(TEST_PREFIX) || key.startsWith(SCORE_PREFIX);
    }

    public boolean finished() {
        return status.equals(FINISHED);
    }
}
