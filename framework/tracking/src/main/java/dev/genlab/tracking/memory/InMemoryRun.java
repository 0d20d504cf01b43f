package dev.genlab.tracking.memory;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.GenLabException;
import dev.genlab.tracking.DatasetInput;
import dev.genlab.tracking.MlmodelFile;
import dev.genlab.tracking.RunRequest;
import dev.genlab.tracking.RunStatus;
import dev.genlab.tracking.TrackedRun;
import dev.genlab.tracking.images.LoggedImage;
import dev.genlab.tracking.journal.ResumeMarks;
import dev.genlab.tracking.mlflow.JournaledRun;
import dev.genlab.tracking.mlflow.MlflowTracker;
import dev.genlab.tracking.rest.ArtifactPaths;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A run held in memory by {@link InMemoryTracker}, with getters for assertions. It enforces what MLflow
 * enforces (valid image keys and artifact paths, a parameter keeps its value, nothing is logged after the end)
 * so that code tested against it behaves the same against a server.
 */
public final class InMemoryRun implements TrackedRun {
    /** One logged metric value. */
    public record MetricPoint(long step, double value, long timestamp) {
    }

    /** One logged image, copied when logged. */
    public record Image(long step, BufferedImage image) {
        public Image {
            requireNonNull(image, "image is null");
        }
    }

    private final String runId = UUID.randomUUID().toString().replace("-", "");
    private final String experimentId;
    private final String experimentName;
    private final String runName;
    private final Map<String, String> params = new LinkedHashMap<>();
    private final Map<String, String> tags = new LinkedHashMap<>();
    private final Map<String, List<MetricPoint>> metrics = new LinkedHashMap<>();
    private final Map<String, List<Image>> images = new LinkedHashMap<>();
    private final Map<String, byte[]> artifacts = new LinkedHashMap<>();
    private final List<DatasetInput> datasets = new ArrayList<>();
    private final List<String> registeredAs = new ArrayList<>();
    private final Optional<Path> directory;
    private RunStatus status;
    private String reason;
    private ResumeMarks resumed = ResumeMarks.NONE;

    InMemoryRun(String experimentId, RunRequest request, Optional<Path> directories) {
        this.directory = directories.map(root -> root.resolve(runId));
        this.experimentId = requireNonNull(experimentId, "experimentId is null");
        this.experimentName = request.experimentName();
        this.runName = request.runName();
        tags.putAll(request.tags());
        tags.put(MlflowTracker.RUN_NAME_TAG, runName);
    }

    @Override
    public String runId() {
        return runId;
    }

    @Override
    public String experimentId() {
        return experimentId;
    }

    @Override
    public Optional<Path> directory() {
        return directory;
    }

    /** Running again after its end, as a resumed run; what it logs at steps it already has is dropped. */
    synchronized void reopen() {
        Map<String, Long> metricMarks = new HashMap<>();
        metrics.forEach((key, points) -> points.forEach(point -> metricMarks.merge(key, point.step(), Math::max)));
        Map<String, Long> imageMarks = new HashMap<>();
        images.forEach((key, logged) -> logged.forEach(image -> imageMarks.merge(key, image.step(), Math::max)));
        resumed = new ResumeMarks(metricMarks, imageMarks);
        status = null;
        reason = null;
        tags.remove(JournaledRun.FAILURE_TAG);
    }

    @Override
    public String url() {
        return "memory:/experiments/" + experimentId + "/runs/" + runId;
    }

    public String experimentName() {
        return experimentName;
    }

    public String runName() {
        return runName;
    }

    @Override
    public synchronized void metric(String key, double value, long step) {
        requireNonNull(key, "metric key is null");
        requireOpen();
        if (resumed.metricLogged(key, step)) {
            return;
        }
        metrics.computeIfAbsent(key, k -> new ArrayList<>()).add(new MetricPoint(step, value, System.currentTimeMillis()));
    }

    @Override
    public synchronized void image(String key, BufferedImage image, long step) {
        LoggedImage.requireValidKey(key);
        requireNonNull(image, "image is null");
        requireOpen();
        if (resumed.imageLogged(key, step)) {
            return;
        }
        images.computeIfAbsent(key, k -> new ArrayList<>()).add(new Image(step, copy(image)));
        tags.put(LoggedImage.TAG, LoggedImage.TAG_VALUE);
    }

    @Override
    public synchronized void artifact(String path, byte[] content) {
        ArtifactPaths.requireSafe(path);
        requireNonNull(content, "content is null");
        requireOpen();
        artifacts.put(path, content.clone());
    }

    /** Like MLflow, a parameter may be logged again only with the same value. */
    @Override
    public synchronized void params(Map<String, String> values) {
        requireOpen();
        values.forEach((key, value) -> {
            requireNonNull(key, "param key is null");
            requireNonNull(value, () -> "value of param " + key + " is null");
            String previous = params.get(key);
            if (previous != null && !previous.equals(value)) {
                throw new GenLabException(GenLabException.Category.TRACKING, "Param " + key + " of run " + runId
                        + " was already logged as '" + previous + "'; MLflow does not allow changing it to '" + value + "'");
            }
        });
        params.putAll(values);
    }

    @Override
    public synchronized void tags(Map<String, String> values) {
        requireOpen();
        values.forEach((key, value) -> tags.put(requireNonNull(key, "tag key is null"), requireNonNull(value, "tag value is null")));
    }

    @Override
    public synchronized void dataset(DatasetInput input) {
        requireNonNull(input, "input is null");
        requireOpen();
        datasets.add(input);
    }

    @Override
    public synchronized void end(RunStatus status, String reason) {
        requireNonNull(status, "status is null");
        requireOpen();
        this.status = status;
        if (status != RunStatus.FINISHED) {
            this.reason = reason == null || reason.isBlank() ? "no reason given" : reason.strip();
            tags.put(JournaledRun.FAILURE_TAG, this.reason);
        }
    }

    /** Records the name; there is no registry in memory, so a run registers only after it logged a model. */
    @Override
    public synchronized void register(String name) {
        requireNonNull(name, "name is null");
        requireOpen();
        if (artifacts.keySet().stream().noneMatch(path -> path.endsWith("/" + MlmodelFile.NAME))) {
            throw new IllegalStateException("Run " + runId + " logged no model to register as '" + name + "'");
        }
        registeredAs.add(name);
    }

    /** The names the run's model was registered as, in order. */
    public synchronized List<String> registeredAs() {
        return List.copyOf(registeredAs);
    }

    /** Ends a run nobody ended as FAILED, as {@link MlflowTracker} does. */
    @Override
    public synchronized void close() {
        if (status == null) {
            end(RunStatus.FAILED, "run was not ended");
        }
    }

    public synchronized Map<String, String> params() {
        return Map.copyOf(params);
    }

    public synchronized Map<String, String> tags() {
        return Map.copyOf(tags);
    }

    /** The values logged under {@code key}, in logging order; empty if none. */
    public synchronized List<MetricPoint> metrics(String key) {
        return List.copyOf(metrics.getOrDefault(key, List.of()));
    }

    public synchronized List<String> metricKeys() {
        return List.copyOf(metrics.keySet());
    }

    /** The images logged under {@code key}, in logging order; empty if none. */
    public synchronized List<Image> images(String key) {
        return List.copyOf(images.getOrDefault(key, List.of()));
    }

    /** The datasets logged as inputs, in logging order. */
    public synchronized List<DatasetInput> datasets() {
        return List.copyOf(datasets);
    }

    public synchronized Optional<byte[]> artifact(String path) {
        return Optional.ofNullable(artifacts.get(path)).map(byte[]::clone);
    }

    public synchronized List<String> artifactPaths() {
        return List.copyOf(artifacts.keySet());
    }

    /** How the run ended; empty while it runs. */
    public synchronized Optional<RunStatus> status() {
        return Optional.ofNullable(status);
    }

    /** Why a FAILED or KILLED run ended. */
    public synchronized Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    @Override
    public String toString() {
        return "in-memory run " + runName + " (" + runId + ")";
    }

    private void requireOpen() {
        if (status != null) {
            throw new IllegalStateException("Run " + runId + " has ended; nothing more can be logged to it");
        }
    }

    /** The plugin may draw into the same image again for the next step. */
    private static BufferedImage copy(BufferedImage image) {
        ColorModel model = image.getColorModel();
        return new BufferedImage(model, image.copyData(null), model.isAlphaPremultiplied(), null);
    }
}
