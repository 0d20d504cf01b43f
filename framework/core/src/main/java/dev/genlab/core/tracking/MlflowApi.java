package dev.genlab.core.tracking;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.GenLabException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.Experiment;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;

/**
 * Every call GenLab makes to an MLflow tracking server, in one place: REST through the MLflow Java client,
 * artifacts through the server's proxy. It respects the server's batch limits and turns failures into
 * {@link GenLabException}s naming the server. Whatever sends later (a journal, a background sender) goes
 * through this class.
 */
final class MlflowApi implements AutoCloseable {
    /** MLflow's {@code MAX_PARAMS_TAGS_PER_BATCH}. */
    static final int MAX_PARAMS_OR_TAGS_PER_BATCH = 100;
    /** MLflow's {@code MAX_METRICS_PER_BATCH}. */
    static final int MAX_METRICS_PER_BATCH = 1000;
    private static final String DELETED = "deleted";

    private final URI trackingUri;
    private final MlflowClient client;
    private final ArtifactUploader artifacts;

    /** A metric value as MLflow stores it. */
    record MetricValue(String key, double value, long timestamp, long step) {
        MetricValue {
            requireNonNull(key, "key is null");
        }
    }

    /** What the server answered when a run was created. */
    record CreatedRun(String runId, String experimentId, String artifactUri) {
        CreatedRun {
            requireNonNull(runId, "runId is null");
            requireNonNull(experimentId, "experimentId is null");
            requireNonNull(artifactUri, "artifactUri is null");
        }
    }

    MlflowApi(URI trackingUri, MlflowCredentials credentials) {
        this.trackingUri = requireNonNull(trackingUri, "trackingUri is null");
        requireNonNull(credentials, "credentials is null");
        String host = trackingUri.toString().replaceAll("/+$", "");
        this.client = new MlflowClient(credentials.hostCreds(host));
        this.artifacts = new ArtifactUploader(trackingUri, credentials);
    }

    URI trackingUri() {
        return trackingUri;
    }

    /** The id of the experiment called {@code name}, created if there is none. */
    String experimentId(String name) {
        Optional<Experiment> existing = findExperiment(name);
        if (existing.isPresent()) {
            return activeId(existing.get());
        }
        try {
            return client.createExperiment(name);
        } catch (MlflowHttpException e) {
            // Another process created it between our look-up and our create: use theirs.
            if (TrackingFailures.isErrorCode(e.getBodyMessage(), "RESOURCE_ALREADY_EXISTS")) {
                return findExperiment(name).map(this::activeId).orElseThrow(() -> failure("create experiment '" + name + "'", e));
            }
            throw failure("create experiment '" + name + "'", e);
        } catch (MlflowClientException e) {
            throw failure("create experiment '" + name + "'", e);
        }
    }

    CreatedRun createRun(String experimentId, String runName, Map<String, String> tags, long startTime, String user) {
        CreateRun.Builder request = CreateRun.newBuilder()
                .setExperimentId(experimentId)
                .setRunName(runName)
                .setStartTime(startTime)
                .setUserId(user);
        tags.forEach((key, value) -> request.addTags(RunTag.newBuilder().setKey(key).setValue(value)));
        RunInfo info = call("create run '" + runName + "' in experiment " + experimentId,
                () -> client.createRun(request.build()));
        return new CreatedRun(info.getRunId(), info.getExperimentId(), info.getArtifactUri());
    }

    void logParams(String runId, Map<String, String> params) {
        List<Param> all = new ArrayList<>();
        params.forEach((key, value) -> all.add(Param.newBuilder().setKey(key).setValue(value).build()));
        for (List<Param> batch : batches(all, MAX_PARAMS_OR_TAGS_PER_BATCH)) {
            run("log " + batch.size() + " params to run " + runId, () -> client.logBatch(runId, null, batch, null));
        }
    }

    void logTags(String runId, Map<String, String> tags) {
        List<RunTag> all = new ArrayList<>();
        tags.forEach((key, value) -> all.add(RunTag.newBuilder().setKey(key).setValue(value).build()));
        for (List<RunTag> batch : batches(all, MAX_PARAMS_OR_TAGS_PER_BATCH)) {
            run("set " + batch.size() + " tags on run " + runId, () -> client.logBatch(runId, null, null, batch));
        }
    }

    void logMetrics(String runId, List<MetricValue> metrics) {
        List<Metric> all = new ArrayList<>();
        for (MetricValue metric : metrics) {
            all.add(Metric.newBuilder().setKey(metric.key()).setValue(metric.value())
                    .setTimestamp(metric.timestamp()).setStep(metric.step()).build());
        }
        for (List<Metric> batch : batches(all, MAX_METRICS_PER_BATCH)) {
            run("log " + batch.size() + " metric values to run " + runId, () -> client.logBatch(runId, batch, null, null));
        }
    }

    void endRun(String runId, RunStatus status, long endTime) {
        org.mlflow.api.proto.Service.RunStatus mlflowStatus = org.mlflow.api.proto.Service.RunStatus.valueOf(status.name());
        run("mark run " + runId + " " + status, () -> client.setTerminated(runId, mlflowStatus, endTime));
    }

    void upload(String artifactUri, String path, byte[] content) {
        artifacts.upload(artifactUri, path, content);
    }

    /** Where the MLflow UI shows the run. */
    String runUrl(String experimentId, String runId) {
        String base = trackingUri.toString().replaceAll("/+$", "");
        return base + "/#/experiments/" + experimentId + "/runs/" + runId;
    }

    @Override
    public void close() {
        client.close();
    }

    /**
     * Searches rather than asking {@code experiments/get-by-name}: the Java client retries every 404 twice and
     * logs a warning each time, which a new experiment would always trigger. MLflow's filter syntax has no
     * escapes, so a name holding both kinds of quote falls back to get-by-name.
     */
    private Optional<Experiment> findExperiment(String name) {
        String action = "look up experiment '" + name + "'";
        String quote = name.indexOf('\'') < 0 ? "'" : name.indexOf('"') < 0 ? "\"" : null;
        if (quote == null) {
            return call(action, () -> client.getExperimentByName(name));
        }
        String filter = "name = " + quote + name + quote;
        return call(action, () -> client.searchExperiments(filter, ViewType.ALL, 1, List.of()).getItems().stream()
                .filter(experiment -> experiment.getName().equals(name))
                .findFirst());
    }

    private String activeId(Experiment experiment) {
        if (DELETED.equals(experiment.getLifecycleStage())) {
            throw new GenLabException(GenLabException.Category.TRACKING, "Experiment '" + experiment.getName()
                    + "' was deleted in the MLflow tracking server at " + trackingUri + ": restore it with `mlflow"
                    + " experiments restore --experiment-id " + experiment.getExperimentId() + "` or choose another"
                    + " experiment name");
        }
        return experiment.getExperimentId();
    }

    private void run(String action, Runnable call) {
        call(action, () -> {
            call.run();
            return null;
        });
    }

    private <T> T call(String action, Supplier<T> call) {
        try {
            return call.get();
        } catch (MlflowClientException e) {
            throw failure(action, e);
        }
    }

    private GenLabException failure(String action, MlflowClientException e) {
        if (e instanceof MlflowHttpException http) {
            return TrackingFailures.httpError(trackingUri, action, http.getStatusCode(), http.getBodyMessage(), e);
        }
        return TrackingFailures.noAnswer(trackingUri, action, e);
    }

    private static <T> List<List<T>> batches(List<T> items, int size) {
        List<List<T>> batches = new ArrayList<>();
        for (int start = 0; start < items.size(); start += size) {
            batches.add(List.copyOf(items.subList(start, Math.min(items.size(), start + size))));
        }
        return batches;
    }
}
