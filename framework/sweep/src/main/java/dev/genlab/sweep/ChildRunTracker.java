package dev.genlab.sweep;

import static java.util.Objects.requireNonNull;

import dev.genlab.tracking.RunRequest;
import dev.genlab.tracking.TrackedRun;
import dev.genlab.tracking.Tracker;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The tracker a trial's runner sees: it starts the trial's run as a child of the sweep's parent, with the trial's
 * name and tags; or, when the trial already has a run (a retried or resumed trial that stopped before its first
 * checkpoint), it reopens that run, so that a trial never has two.
 */
final class ChildRunTracker implements Tracker {
    /** What {@code genlab run} tags a run made with {@code --set} overrides with. */
    static final String OVERRIDES_TAG = "genlab.overrides";

    private final Tracker tracker;
    private final String runName;
    private final Map<String, String> tags;
    private final Optional<String> existing;

    /** @param existing the local id of the trial's run, when it has one already */
    ChildRunTracker(Tracker tracker, String runName, Map<String, String> tags, Optional<String> existing) {
        this.tracker = requireNonNull(tracker, "tracker is null");
        this.runName = requireNonNull(runName, "runName is null");
        this.tags = Map.copyOf(tags);
        this.existing = requireNonNull(existing, "existing is null");
    }

    @Override
    public TrackedRun start(RunRequest request) {
        if (existing.isPresent()) {
            return tracker.resume(existing.get());
        }
        Map<String, String> all = new LinkedHashMap<>(request.tags());
        // the sweep's own tag records the trial's overrides (the sweep's --set are the parent's sweep.set); the
        // description still lists them all
        all.remove(OVERRIDES_TAG);
        all.putAll(tags);
        return tracker.start(new RunRequest(request.experimentName(), runName, all));
    }

    @Override
    public TrackedRun resume(String runId) {
        return tracker.resume(runId);
    }

    @Override
    public String describe() {
        return tracker.describe();
    }

    @Override
    public void close() {
        tracker.close();
    }
}
