package dev.genlab.core.run;

import dev.genlab.core.spec.TrackingSpec;
import dev.genlab.core.tracking.InMemoryTracker;
import dev.genlab.core.tracking.LocalMlflow;
import dev.genlab.core.tracking.Tracker;
import java.net.URI;
import java.nio.file.Path;

/** Chooses where runs are tracked from the spec's tracking section. */
public final class Trackers {
    private Trackers() {
    }

    /**
     * {@code uri: none} keeps runs in memory only (the console still shows the metrics); otherwise the spec's
     * server, {@code MLFLOW_TRACKING_URI}, or a local server started in {@code workDir}.
     */
    public static Tracker open(TrackingSpec tracking, Path workDir, Console console) {
        if (tracking.disabled()) {
            console.info("tracking.uri is 'none': this run is not recorded anywhere");
            return new InMemoryTracker();
        }
        if (tracking.uri().isEmpty() && System.getenv(LocalMlflow.TRACKING_URI_ENV) == null) {
            console.info("Starting a local MLflow server in " + workDir + " ...");
        }
        return LocalMlflow.open(tracking.uri().map(URI::create), workDir);
    }
}
