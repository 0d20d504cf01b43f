package dev.genlab.core.tracking;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps runs in memory: for tests, which read back what was logged, and for {@code tracking.uri: none}, where
 * nothing should leave the machine. Experiments are reused by name as in MLflow.
 */
public final class InMemoryTracker implements Tracker {
    private final List<InMemoryRun> runs = new CopyOnWriteArrayList<>();
    private final Map<String, String> experimentIds = new ConcurrentHashMap<>();

    @Override
    public InMemoryRun start(RunRequest request) {
        requireNonNull(request, "request is null");
        String experimentId = experimentIds.computeIfAbsent(request.experimentName(),
                name -> Integer.toString(experimentIds.size() + 1));
        InMemoryRun run = new InMemoryRun(experimentId, request);
        runs.add(run);
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
