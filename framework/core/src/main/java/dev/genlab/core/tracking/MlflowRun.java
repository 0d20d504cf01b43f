package dev.genlab.core.tracking;

import static java.util.Objects.requireNonNull;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * A run in an MLflow tracking server. Metric values are collected and sent in batches (when a thousand are
 * waiting, a second after the oldest, and before anything else is sent), so that a training loop logging every
 * step does not wait on one request per value; everything else is sent at once.
 */
final class MlflowRun implements TrackedRun {
    /** MLflow's {@code MAX_PARAM_VAL_LENGTH}, in characters (code points). */
    static final int MAX_PARAM_LENGTH = 6000;
    /** MLflow's {@code MAX_TAG_VAL_LENGTH}. */
    static final int MAX_TAG_LENGTH = 8000;
    static final String FAILURE_TAG = "genlab.failure";
    /** The run's description in the MLflow UI (Markdown). */
    static final String NOTE_TAG = "mlflow.note.content";
    static final String PARAMS_DIRECTORY = "params";
    private static final long METRIC_FLUSH_MILLIS = 1000;

    private final MlflowApi api;
    private final MlflowApi.CreatedRun run;
    private final String url;
    private final LongSupplier clock;
    private final List<MlflowApi.MetricValue> pendingMetrics = new ArrayList<>();
    private long oldestPendingMillis;
    private boolean imagesTagged;
    private String note;
    private boolean ended;

    MlflowRun(MlflowApi api, MlflowApi.CreatedRun run, LongSupplier clock) {
        this.api = requireNonNull(api, "api is null");
        this.run = requireNonNull(run, "run is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.url = api.runUrl(run.experimentId(), run.runId());
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
        return url;
    }

    @Override
    public synchronized void metric(String key, double value, long step) {
        requireNonNull(key, "metric key is null");
        requireOpen();
        long now = clock.getAsLong();
        if (pendingMetrics.isEmpty()) {
            oldestPendingMillis = now;
        }
        pendingMetrics.add(new MlflowApi.MetricValue(key, value, now, step));
        if (pendingMetrics.size() >= MlflowApi.MAX_METRICS_PER_BATCH || now - oldestPendingMillis >= METRIC_FLUSH_MILLIS) {
            flushMetrics();
        }
    }

    @Override
    public synchronized void image(String key, BufferedImage image, long step) {
        requireOpen();
        List<LoggedImage.File> files = LoggedImage.files(key, image, step, clock.getAsLong(), UUID.randomUUID());
        flushMetrics();
        for (LoggedImage.File file : files) {
            api.upload(run.artifactUri(), file.path(), file.content());
        }
        if (!imagesTagged) {
            api.logTags(run.runId(), Map.of(LoggedImage.TAG, LoggedImage.TAG_VALUE));
            imagesTagged = true;
        }
    }

    @Override
    public synchronized void artifact(String path, byte[] content) {
        ArtifactPaths.requireSafe(path);
        requireNonNull(content, "content is null");
        requireOpen();
        flushMetrics();
        api.upload(run.artifactUri(), path, content);
    }

    /**
     * Values longer than MLflow accepts are cut, saying so in the value itself, and uploaded whole as the artifact
     * {@code params/<key>.txt}.
     */
    @Override
    public synchronized void params(Map<String, String> params) {
        requireOpen();
        Map<String, String> fitted = new LinkedHashMap<>();
        params.forEach((key, value) -> fitted.put(requireNonNull(key, "param key is null"),
                requireNonNull(value, () -> "value of param " + key + " is null")));
        flushMetrics();
        fitted.replaceAll(this::fitParam);
        api.logParams(run.runId(), fitted);
    }

    @Override
    public synchronized void tags(Map<String, String> tags) {
        requireOpen();
        Map<String, String> fitted = new LinkedHashMap<>();
        tags.forEach((key, value) -> fitted.put(requireNonNull(key, "tag key is null"), fitTag(value)));
        if (fitted.containsKey(NOTE_TAG)) {
            note = fitted.get(NOTE_TAG);
        }
        flushMetrics();
        api.logTags(run.runId(), fitted);
    }

    /** For FAILED and KILLED runs the reason becomes the tag {@value #FAILURE_TAG} and part of the description. */
    @Override
    public synchronized void end(RunStatus status, String reason) {
        requireNonNull(status, "status is null");
        requireOpen();
        // Marked first: if the server is gone, close() must not try to end the run a second time.
        ended = true;
        flushMetrics();
        if (status != RunStatus.FINISHED) {
            String why = reason == null || reason.isBlank() ? "no reason given" : reason.strip();
            String description = (note == null || note.isBlank() ? "" : note + "\n\n") + "**" + status + ":** " + why;
            Map<String, String> failure = new LinkedHashMap<>();
            failure.put(FAILURE_TAG, fitTag(why));
            failure.put(NOTE_TAG, fitTag(description));
            api.logTags(run.runId(), failure);
        }
        api.endRun(run.runId(), status, clock.getAsLong());
    }

    /** Ends a run that nobody ended as FAILED, so that no run stays RUNNING in MLflow forever. */
    @Override
    public synchronized void close() {
        if (!ended) {
            end(RunStatus.FAILED, "run was not ended");
        }
    }

    @Override
    public String toString() {
        return "MLflow run " + run.runId() + " (" + url + ")";
    }

    private void flushMetrics() {
        if (pendingMetrics.isEmpty()) {
            return;
        }
        List<MlflowApi.MetricValue> batch = List.copyOf(pendingMetrics);
        pendingMetrics.clear();
        api.logMetrics(run.runId(), batch);
    }

    private String fitParam(String key, String value) {
        int length = value.codePointCount(0, value.length());
        if (length <= MAX_PARAM_LENGTH) {
            return value;
        }
        String path = ArtifactPaths.requireSafe(PARAMS_DIRECTORY + "/" + key + ".txt");
        api.upload(run.artifactUri(), path, value.getBytes(StandardCharsets.UTF_8));
        String marker = " ... [" + length + " characters, cut to fit MLflow; the full value is the artifact " + path + "]";
        return prefix(value, MAX_PARAM_LENGTH - marker.length()) + marker;
    }

    static String fitTag(String value) {
        requireNonNull(value, "tag value is null");
        int length = value.codePointCount(0, value.length());
        if (length <= MAX_TAG_LENGTH) {
            return value;
        }
        String marker = " ... [" + length + " characters, cut to fit MLflow]";
        return prefix(value, MAX_TAG_LENGTH - marker.length()) + marker;
    }

    /** The first {@code codePoints} code points: MLflow counts characters as Python does, never halving a pair. */
    private static String prefix(String value, int codePoints) {
        return value.substring(0, value.offsetByCodePoints(0, codePoints));
    }

    private void requireOpen() {
        if (ended) {
            throw new IllegalStateException("Run " + run.runId() + " has ended; nothing more can be logged to it");
        }
    }
}
