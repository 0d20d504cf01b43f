package dev.genlab.core.tracking;

/** Opens tracked runs: an MLflow server, or memory in tests. */
public interface Tracker extends AutoCloseable {
    /** Creates (or reuses, by name) the experiment and starts a run in it, status RUNNING. */
    TrackedRun start(RunRequest request);

    /** A short description of where runs go, for the console ({@code http://127.0.0.1:5000}). */
    String describe();

    @Override
    default void close() {
    }
}
