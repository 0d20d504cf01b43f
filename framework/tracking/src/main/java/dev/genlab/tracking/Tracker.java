package dev.genlab.tracking;

import dev.genlab.api.GenLabException;

/** Opens tracked runs: an MLflow server, or memory in tests. */
public interface Tracker extends AutoCloseable {
    /** Creates (or reuses, by name) the experiment and starts a run in it, status RUNNING. */
    TrackedRun start(RunRequest request);

    /**
     * Opens a run that ended (or whose program died) again, RUNNING, to go on logging where it stopped: points
     * it already has at a step are not logged again. {@code runId} is the tracking server's id or the local id.
     */
    default TrackedRun resume(String runId) {
        throw new GenLabException(GenLabException.Category.TRACKING, "Runs tracked in " + describe()
                + " cannot be resumed");
    }

    /** A short description of where runs go, for the console ({@code http://127.0.0.1:5000}). */
    String describe();

    @Override
    default void close() {
    }
}
