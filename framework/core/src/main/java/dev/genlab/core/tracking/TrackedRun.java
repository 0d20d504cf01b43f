package dev.genlab.core.tracking;

import dev.genlab.api.RunLog;
import java.util.Map;

/**
 * One run being tracked. Besides what a plugin may log ({@link RunLog}) the runner sets parameters and
 * tags and ends the run. {@link #close()} ends a run not yet ended as FAILED, so no run stays RUNNING.
 */
public interface TrackedRun extends RunLog, AutoCloseable {
    String runId();

    String experimentId();

    /** Where a person opens the run in the MLflow UI. */
    String url();

    void params(Map<String, String> params);

    void tags(Map<String, String> tags);

    /** Ends the run; {@code reason} is recorded for FAILED and KILLED runs and ignored otherwise. */
    void end(RunStatus status, String reason);

    @Override
    void close();
}
