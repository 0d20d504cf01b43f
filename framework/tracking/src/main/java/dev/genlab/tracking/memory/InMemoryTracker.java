package dev.genlab.tracking.memory;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.GenLabException;
import dev.genlab.tracking.RunRequest;
import dev.genlab.tracking.RunStatus;
import dev.genlab.tracking.Tracker;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps runs in memory: for tests, which read back what was logged, and for {@code tracking.uri: none}, where
 * nothing should leave the machine. Experiments are reused by name as in MLflow.
 */
public final class InMemoryTracker implements Tracker {
    private final List<InMemoryRun> runs = new CopyOnWriteArrayList<>();
    private final Map<String, String> experimentIds = new ConcurrentHashMap<>();
    private final Optional<Path> directories;

    /** Runs kept in memory only, with no local directory: they cannot be checkpointed or resumed. */
    public InMemoryTracker() {
        this.directories = Optional.empty();
    }

    /** Runs whose checkpoints go to {@code directories/<run id>}, so that they can be resumed (for tests). */
    public InMemoryTracker(Path directories) {
        this.directories = Optional.of(requireNonNull(directories, "directories is null"));
    }

    @Override
    public InMemoryRun start(RunRequest request) {
        requireNonNull(request, "request is null");
        String experimentId = experimentIds.computeIfAbsent(request.experimentName(),
                name -> Integer.toString(experimentIds.size() + 1));
        InMemoryRun run = new InMemoryRun(experimentId, request, directories);
        runs.add(run);
        return run;
    }

    /** The run with {@code runId}, RUNNING again; it ignores points at steps it already has. */
    @Override
    public InMemoryRun resume(String runId) {
        InMemoryRun run = runs.stream().filter(candidate -> candidate.runId().equals(runId)).findFirst()
                .orElseThrow(() -> new GenLabException(GenLabException.Category.TRACKING, "No run " + runId
                        + " in memory"));
        if (run.status().filter(status -> status == RunStatus.FINISHED).isPresent()) {
            throw new GenLabException(GenLabException.Category.CONFIG, "Run " + runId + " has finished: there is"
                    + " nothing to resume");
        }
        run.reopen();
        return run;
    }

    /** Every run started, oldest first. */
    public List<InMemoryRun> runs() {
        return List.copyOf(runs);
    }

    /** The run started last; fails if none was. */
    public InMemoryRun lastRun() {
        if (runs.isEmpty()) {
            throw new IllegalStateException("No run was started");
        }
        return runs.get(runs.size() - 1);
    }

    @Override
    public String describe() {
        return "memory only (tracking.uri: none): nothing is recorded after the program ends";
    }
}
