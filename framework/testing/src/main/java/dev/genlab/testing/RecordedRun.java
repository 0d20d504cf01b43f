package dev.genlab.testing;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.RunLog;
import dev.genlab.tracking.memory.InMemoryRun;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a run (or a model called by hand) recorded, read back by a test; also the log a model writes to. */
public final class RecordedRun implements RunLog {
    /** A metric's value at a step. */
    public record Point(long step, double value) {
    }

    /** An image logged at a step. */
    public record Image(long step, BufferedImage image) {
    }

    private final InMemoryRun run;
    private final Map<String, Double> testMetrics;

    RecordedRun(InMemoryRun run, Map<String, Double> testMetrics) {
        this.run = requireNonNull(run, "run is null");
        this.testMetrics = Map.copyOf(testMetrics);
    }

    /** The final test metrics the runner reported (without the {@code test/} prefix); empty for a failed run. */
    public Map<String, Double> testMetrics() {
        return testMetrics;
    }

    public String runId() {
        return run.runId();
    }

    /** {@code FINISHED}, {@code FAILED} or {@code KILLED} once the run has ended. */
    public Optional<String> status() {
        return run.status().map(Enum::name);
    }

    public Optional<String> reason() {
        return run.reason();
    }

    public List<Point> metrics(String key) {
        return run.metrics(key).stream().map(point -> new Point(point.step(), point.value())).toList();
    }

    public List<Double> values(String key) {
        return metrics(key).stream().map(Point::value).toList();
    }

    public List<Long> steps(String key) {
        return metrics(key).stream().map(Point::step).toList();
    }

    public List<String> metricKeys() {
        return run.metricKeys();
    }

    public List<Image> images(String key) {
        return run.images(key).stream().map(image -> new Image(image.step(), image.image())).toList();
    }

    public List<String> artifactPaths() {
        return run.artifactPaths();
    }

    public Optional<byte[]> artifact(String path) {
        return run.artifact(path);
    }

    public Map<String, String> params() {
        return run.params();
    }

    public Map<String, String> tags() {
        return run.tags();
    }

    @Override
    public void metric(String key, double value, long step) {
        run.metric(key, value, step);
    }

    @Override
    public void image(String key, BufferedImage image, long step) {
        run.image(key, image, step);
    }

    @Override
    public void artifact(String path, byte[] content) {
        run.artifact(path, content);
    }
}
