package dev.genlab.sweep;

import java.util.List;
import java.util.function.Consumer;

/** Runs a sweep's trials somewhere: processes on this machine, or Spark tasks. */
public interface TrialExecutor extends AutoCloseable {
    /**
     * Runs the tasks and returns how each ended, in task order; tells {@code ended} of each as it ends, when the
     * executor learns of it.
     */
    List<TrialResult> run(List<TrialTask> tasks, Consumer<TrialResult> ended);

    /** Asks the running trials to stop (checkpointed, KILLED) and {@link #run} to return soon. */
    void stop();

    /** Where trials run, for the console and the parent's parameters ({@code 2 processes}, {@code local[2]}). */
    String describe();

    @Override
    default void close() {
    }
}
