package dev.genlab.core.run;

import dev.genlab.core.spec.TrackingSpec;
import dev.genlab.tracking.Tracker;
import dev.genlab.tracking.memory.InMemoryTracker;
import dev.genlab.tracking.mlflow.LocalMlflow;
import java.nio.file.Path;

/** Chooses where runs are tracked from the spec's tracking section. */
public final class Trackers {
    private Trackers() {
    }

    /**
     * {@code uri: none} keeps runs in memory only (the console still shows the metrics); otherwise runs are
     * journaled in {@code workDir/.genlab/runs} and sent to the spec's server, {@code MLFLOW_TRACKING_URI}, or a
     * local server started in {@code workDir}.
     */
    public static Tracker open(TrackingSpec tracking, Path workDir, Console console) {
        if (tracking.disabled()) {
            console.info("tracking.uri is 'none': this run is not recorded anywhere");
            return new InMemoryTracker();
        }
        return LocalMlflow.open(tracking.server(), workDir, console::info);
    }
}
