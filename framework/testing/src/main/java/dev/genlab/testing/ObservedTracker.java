package dev.genlab.testing;

import static java.util.Objects.requireNonNull;

import dev.genlab.tracking.DatasetInput;
import dev.genlab.tracking.Delivery;
import dev.genlab.tracking.RunRequest;
import dev.genlab.tracking.RunStatus;
import dev.genlab.tracking.SavedModel;
import dev.genlab.tracking.TrackedRun;
import dev.genlab.tracking.Tracker;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A tracker that passes everything on to another and tells a test of each metric value once it is logged: to time
 * the training loop, or to stop a server at a given step.
 */
public final class ObservedTracker implements Tracker {
    /** Told of each metric value after the run underneath has it. */
    @FunctionalInterface
    public interface MetricListener {
        void logged(String key, double value, long step);
    }

    private final Tracker tracker;
    private final MetricListener listener;

    private ObservedTracker(Tracker tracker, MetricListener listener) {
        this.tracker = requireNonNull(tracker, "tracker is null");
        this.listener = requireNonNull(listener, "listener is null");
    }

    public static Tracker around(Tracker tracker, MetricListener listener) {
        return new ObservedTracker(tracker, listener);
    }

    @Override
    public TrackedRun start(RunRequest request) {
        return new Observed(tracker.start(request));
    }

    @Override
    public TrackedRun resume(String runId) {
        return new Observed(tracker.resume(runId));
    }

    @Override
    public String describe() {
        return tracker.describe();
    }

    @Override
    public void close() {
        tracker.close();
    }

    private final class Observed implements TrackedRun {
        private final TrackedRun run;

        Observed(TrackedRun run) {
            this.run = run;
        }

        @Override
        public void metric(String key, double value, long step) {
            run.metric(key, value, step);
            listener.logged(key, value, step);
        }

        @Override
        public void image(String key, BufferedImage image, long step) {
            run.image(key, image, step);
        }

        @Override
        public void artifact(String path, byte[] content) {
            run.artifact(path, content);
        }

        @Override
        public String runId() {
            return run.runId();
        }

        @Override
        public String experimentId() {
            return run.experimentId();
        }

        @Override
        public String url() {
            return run.url();
        }

        @Override
        public Optional<Path> directory() {
            return run.directory();
        }

        @Override
        public void params(Map<String, String> params) {
            run.params(params);
        }

        @Override
        public void tags(Map<String, String> tags) {
            run.tags(tags);
        }

        @Override
        public void dataset(DatasetInput input) {
            run.dataset(input);
        }

        @Override
        public void model(SavedModel model) {
            run.model(model);
        }

        @Override
        public void register(String name) {
            run.register(name);
        }

        @Override
        public void end(RunStatus status, String reason) {
            run.end(status, reason);
        }

        @Override
        public Delivery awaitDelivery(Duration timeout, Consumer<String> progress) {
            return run.awaitDelivery(timeout, progress);
        }

        @Override
        public void close() {
            run.close();
        }
    }
}
