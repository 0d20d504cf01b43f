package dev.genlab.sweep;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The results trials record in the sweep's directory, for executors that learn of them only at the end. */
public final class TrialResults {
    private TrialResults() {
    }

    /** The result {@code task} recorded, if it has. */
    public static Optional<TrialResult> read(TrialTask task) {
        return SweepFiles.read(new SweepFiles(Path.of(task.sweepDirectory())).result(task.index()), TrialResult.class);
    }

    /** The results recorded by tasks not in {@code reported}, which gains their numbers. */
    public static List<TrialResult> newlyEnded(List<TrialTask> tasks, Set<Integer> reported) {
        return tasks.stream().filter(task -> !reported.contains(task.index())).map(TrialResults::read)
                .flatMap(Optional::stream).filter(result -> reported.add(result.index())).toList();
    }
}
