package dev.genlab.tracking.rest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genlab.api.GenLabException;
import dev.genlab.tracking.DatasetInput;
import dev.genlab.tracking.RunStatus;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Every call GenLab makes to an MLflow tracking server, in one place: the REST API and the server's artifact
 * proxy, over {@link HttpClient} with a timeout on every request. One method call is one request (or one per
 * batch the server's limits allow), never retried here: the sender decides what to retry, from the
 * {@link MlflowCallException.Outcome} of a failure. The MLflow Java client is not used because it has no
 * timeouts and repeats every 4xx request three times.
 */
public final class MlflowApi implements AutoCloseable {
    /** MLflow's {@code MAX_PARAMS_TAGS_PER_BATCH}. */
    static final int MAX_PARAMS_OR_TAGS_PER_BATCH = 100;
    /** MLflow's {@code MAX_METRICS_PER_BATCH}. */
    public static final int MAX_METRICS_PER_BATCH = 1000;
    /** MLflow's {@code SEARCH_MAX_RESULTS_THRESHOLD} for runs/search. */
    private static final int MAX_RUNS_PER_PAGE = 1000;
    private static final String API_PATH = "/api/2.0/mlflow/";
    private static final String DELETED = "deleted";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI trackingUri;
    private final String base;
    private final MlflowCredentials credentials;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final ArtifactUploader artifacts;
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** A metric value as MLflow stores it. */
    public record MetricValue(String key, double value, long timestamp, long step) {
        public MetricValue {
            requireNonNull(key, "key is null");
        }
    }

    /** What the server answered when a run was created; {@code runName} is empty where it is not known. */
    public record CreatedRun(String runId, String experimentId, String artifactUri, String runName) {
        public CreatedRun {
            requireNonNull(runId, "runId is null");
            requireNonNull(experimentId, "experimentId is null");
            requireNonNull(artifactUri, "artifactUri is null");
            requireNonNull(runName, "runName is null");
        }
    }

    /** An experiment; {@code deleted} when it is in MLflow's trash. */
    public record Experiment(String experimentId, String name, boolean deleted) {
        public Experiment {
            requireNonNull(experimentId, "experimentId is null");
            requireNonNull(name, "name is null");
        }
    }

    /**
     * A run as {@code runs/get} and {@code runs/search} return it; {@code metrics} hold each key's latest value
     * and {@code endTime} is 0 while the run has none.
     */
    public record RunRecord(String runId, String experimentId, String runName, String status, long startTime,
            long endTime, String artifactUri, Map<String, String> params, Map<String, String> tags,
            Map<String, Double> metrics) {
        public RunRecord {
            requireNonNull(runId, "runId is null");
            requireNonNull(experimentId, "experimentId is null");
            requireNonNull(runName, "runName is null");
            requireNonNull(status, "status is null");
            requireNonNull(artifactUri, "artifactUri is null");
            params = Map.copyOf(params);
            tags = Map.copyOf(tags);
            metrics = Map.copyOf(metrics);
        }
    }

    /** One entry of an artifact directory; {@code path} is relative to the run's artifact root. */
    public record ArtifactEntry(String path, boolean directory, long size) {
        public ArtifactEntry {
            requireNonNull(path, "path is null");
        }
    }

    public MlflowApi(URI trackingUri, MlflowCredentials credentials, Duration connectTimeout, Duration requestTimeout) {
        this.trackingUri = requireNonNull(trackingUri, "trackingUri is null");
        this.base = trackingUri.toString().replaceAll("/+$", "");
        this.credentials = requireNonNull(credentials, "credentials is null");
        this.requestTimeout = requireNonNull(requestTimeout, "requestTimeout is null");
        // HTTP/1.1: an h2c upgrade attempt buys nothing from MLflow's servers and confuses some proxies.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(requireNonNull(connectTimeout, "connectTimeout is null")).build();
        this.artifacts = new ArtifactUploader(trackingUri, credentials, requestTimeout);
    }

    URI trackingUri() {
        return trackingUri;
    }

    /** The id of the experiment called {@code name}, created if there is none. */
    public String experimentId(String name) {
        Optional<JsonNode> existing = findExperiment(name);
        if (existing.isPresent()) {
            return activeId(existing.get());
        }
        String action = "create experiment '" + name + "'";
        ObjectNode body = JSON.createObjectNode().put("name", name);
        try {
            return post(action, "experiments/create", body).path("experiment_id").asText();
        } catch (MlflowCallException e) {
            // Another process created it between our look-up and our create: use theirs.
            if ("RESOURCE_ALREADY_EXISTS".equals(e.errorCode())) {
                return findExperiment(name).map(this::activeId).orElseThrow(() -> e);
            }
            throw e;
        }
    }

    public CreatedRun createRun(String experimentId, String runName, Map<String, String> tags, long startTime, String user) {
        ObjectNode body = JSON.createObjectNode()
                .put("experiment_id", experimentId)
                .put("run_name", runName)
                .put("start_time", startTime)
                .put("user_id", user);
        body.set("tags", keyValues(tags));
        JsonNode run = post("create run '" + runName + "' in experiment " + experimentId, "runs/create", body).path("run");
        return createdRun(run.path("info"));
    }

    /** The experiment called {@code name}, if there is one (deleted or not); nothing is created. */
    public Optional<Experiment> experiment(String name) {
        return findExperiment(name).map(node -> new Experiment(node.path("experiment_id").asText(),
                node.path("name").asText(), DELETED.equals(node.path("lifecycle_stage").asText())));
    }

    /** The run {@code runId}, or empty when the server has no such run. */
    public Optional<RunRecord> run(String runId) {
        try {
            return Optional.of(runRecord(get("get run " + runId, "runs/get?run_id="
                    + URLEncoder.encode(runId, StandardCharsets.UTF_8)).path("run")));
        } catch (MlflowCallException e) {
            if (e.status() == 404 || "RESOURCE_DOES_NOT_EXIST".equals(e.errorCode())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The active runs of the experiments that match {@code filter} (MLflow's search syntax; empty: all), in
     * {@code orderBy}'s order (such as {@code attributes.start_time DESC}; empty: the server's), at most
     * {@code limit}, read page by page.
     */
    public List<RunRecord> searchRuns(List<String> experimentIds, String filter, String orderBy, int limit) {
        List<RunRecord> runs = new ArrayList<>();
        String pageToken = "";
        do {
            ObjectNode body = JSON.createObjectNode()
                    .put("filter", filter)
                    .put("max_results", Math.min(MAX_RUNS_PER_PAGE, limit - runs.size()))
                    .put("run_view_type", "ACTIVE_ONLY");
            experimentIds.forEach(body.putArray("experiment_ids")::add);
            if (!orderBy.isEmpty()) {
                body.putArray("order_by").add(orderBy);
            }
            if (!pageToken.isEmpty()) {
                body.put("page_token", pageToken);
            }
            JsonNode page = post("search runs of experiment " + String.join(", ", experimentIds)
                    + (filter.isEmpty() ? "" : " where " + filter), "runs/search", body);
            page.path("runs").forEach(run -> runs.add(runRecord(run)));
            pageToken = page.path("next_page_token").asText("");
        } while (!pageToken.isEmpty() && runs.size() < limit);
        return runs;
    }

    /** Every value logged under {@code key} in run {@code runId}, in the server's order (by step, then time). */
    public List<MetricValue> metricHistory(String runId, String key) {
        List<MetricValue> history = new ArrayList<>();
        String pageToken = "";
        do {
            JsonNode page = get("read the history of metric " + key + " of run " + runId,
                    "metrics/get-history?run_id=" + URLEncoder.encode(runId, StandardCharsets.UTF_8)
                    + "&metric_key=" + URLEncoder.encode(key, StandardCharsets.UTF_8)
                    + (pageToken.isEmpty() ? "" : "&page_token=" + URLEncoder.encode(pageToken,
                            StandardCharsets.UTF_8)));
            for (JsonNode metric : page.path("metrics")) {
                history.add(new MetricValue(key, metric.path("value").asDouble(), metric.path("timestamp").asLong(),
                        metric.path("step").asLong()));
            }
            pageToken = page.path("next_page_token").asText("");
        } while (!pageToken.isEmpty());
        return history;
    }

    /** The entries directly under {@code path} of run {@code runId}'s artifacts ({@code ""}: the root). */
    public List<ArtifactEntry> artifacts(String runId, String path) {
        JsonNode listing = get("list the artifacts of run " + runId + (path.isEmpty() ? "" : " under " + path),
                "artifacts/list?run_id=" + URLEncoder.encode(runId, StandardCharsets.UTF_8)
                + (path.isEmpty() ? "" : "&path=" + URLEncoder.encode(path, StandardCharsets.UTF_8)));
        List<ArtifactEntry> entries = new ArrayList<>();
        for (JsonNode file : listing.path("files")) {
            entries.add(new ArtifactEntry(file.path("path").asText(), file.path("is_dir").asBoolean(),
                    file.path("file_size").asLong()));
        }
        return entries;
    }

    /** The bytes of the artifact {@code path} of the run whose artifact root is {@code artifactUri}. */
    public byte[] download(String artifactUri, String path) {
        return exchange("download artifact " + path, artifacts.download(artifactUri, path),
                HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    /** The active run of the experiment whose tag {@code key} is {@code value}, if there is one. */
    public Optional<CreatedRun> findRun(String experimentId, String key, String value) {
        ObjectNode body = JSON.createObjectNode()
                .put("filter", "tags.`" + key + "` = '" + value.replace("'", "\\'") + "'")
                .put("max_results", 1)
                .put("run_view_type", "ACTIVE_ONLY");
        body.putArray("experiment_ids").add(experimentId);
        JsonNode runs = post("look for run " + key + "=" + value, "runs/search", body).path("runs");
        return runs.isEmpty() ? Optional.empty() : Optional.of(createdRun(runs.get(0).path("info")));
    }

    public void logParams(String runId, Map<String, String> params) {
        for (List<JsonNode> batch : batches(keyValues(params), MAX_PARAMS_OR_TAGS_PER_BATCH)) {
            logBatch("log " + batch.size() + " params to run " + runId, runId, "params", batch);
        }
    }

    public void logTags(String runId, Map<String, String> tags) {
        for (List<JsonNode> batch : batches(keyValues(tags), MAX_PARAMS_OR_TAGS_PER_BATCH)) {
            logBatch("set " + batch.size() + " tags on run " + runId, runId, "tags", batch);
        }
    }

    public void logMetrics(String runId, List<MetricValue> metrics) {
        ArrayNode all = JSON.createArrayNode();
        for (MetricValue metric : metrics) {
            all.addObject().put("key", metric.key()).put("value", metric.value())
                    .put("timestamp", metric.timestamp()).put("step", metric.step());
        }
        for (List<JsonNode> batch : batches(all, MAX_METRICS_PER_BATCH)) {
            logBatch("log " + batch.size() + " metric values to run " + runId, runId, "metrics", batch);
        }
    }

    /** Records the dataset as an input of the run, as Python's {@code mlflow.log_input} does. */
    public void logInput(String runId, DatasetInput input) {
        ObjectNode body = JSON.createObjectNode().put("run_id", runId);
        ObjectNode entry = body.putArray("datasets").addObject();
        entry.set("tags", keyValues(Map.of(DatasetInput.CONTEXT_TAG, input.context())));
        entry.putObject("dataset")
                .put("name", input.name())
                .put("digest", input.digest())
                .put("source_type", input.sourceType())
                .put("source", input.source())
                .put("schema", input.schema())
                .put("profile", input.profile());
        post("log dataset '" + input.name() + "' as an input of run " + runId, "runs/log-inputs", body);
    }

    public void endRun(String runId, RunStatus status, long endTime) {
        ObjectNode body = JSON.createObjectNode()
                .put("run_id", runId)
                // Servers before MLflow 1.x read run_uuid; newer ones take either.
                .put("run_uuid", runId)
                .put("status", status.name())
                .put("end_time", endTime);
        post("mark run " + runId + " " + status, "runs/update", body);
    }

    /** Marks an ended run RUNNING again, for a run that is resumed. */
    public void resumeRun(String runId) {
        ObjectNode body = JSON.createObjectNode()
                .put("run_id", runId)
                .put("run_uuid", runId)
                .put("status", "RUNNING");
        post("mark run " + runId + " RUNNING again", "runs/update", body);
    }

    /** Removes a tag; one that is not there is no error. */
    public void deleteTag(String runId, String key) {
        try {
            post("delete tag " + key + " of run " + runId, "runs/delete-tag",
                    JSON.createObjectNode().put("run_id", runId).put("key", key));
        } catch (MlflowCallException e) {
            if (e.status() != 404 && !"RESOURCE_DOES_NOT_EXIST".equals(e.errorCode())) {
                throw e;
            }
        }
    }

    public void upload(String artifactUri, String path, byte[] content) {
        exchange("upload artifact " + path, artifacts.request(artifactUri, path, content));
    }

    /** What the directory {@code path} (empty: the root) under the artifact root {@code artifactUri} holds. */
    JsonNode listArtifacts(String artifactUri, String path) {
        return send("list the artifacts in " + (path.isEmpty() ? artifactUri : path), artifacts.list(artifactUri, path));
    }

    /** Where the MLflow UI shows the run. */
    public String runUrl(String experimentId, String runId) {
        return base + "/#/experiments/" + experimentId + "/runs/" + runId;
    }

    /**
     * Abandons the requests under way, whose callers get a {@link MlflowCallException.Outcome#NO_ANSWER}, and
     * refuses new ones: a run that stops sending must not wait for a server that does not answer.
     */
    @Override
    public void close() {
        closed = true;
        inFlight.forEach(request -> request.cancel(true));
    }

    /**
     * Searches rather than asking {@code experiments/get-by-name}, whose "not found" is an error the server
     * logs. MLflow's filter syntax has no escapes, so a name holding both kinds of quote uses get-by-name.
     */
    private Optional<JsonNode> findExperiment(String name) {
        String action = "look up experiment '" + name + "'";
        String quote = name.indexOf('\'') < 0 ? "'" : name.indexOf('"') < 0 ? "\"" : null;
        if (quote == null) {
            try {
                return Optional.of(get(action, "experiments/get-by-name?experiment_name="
                        + URLEncoder.encode(name, StandardCharsets.UTF_8)).path("experiment"));
            } catch (MlflowCallException e) {
                if (e.status() == 404) {
                    return Optional.empty();
                }
                throw e;
            }
        }
        ObjectNode body = JSON.createObjectNode()
                .put("filter", "name = " + quote + name + quote)
                .put("max_results", 1)
                .put("view_type", "ALL");
        for (JsonNode experiment : post(action, "experiments/search", body).path("experiments")) {
            if (experiment.path("name").asText().equals(name)) {
                return Optional.of(experiment);
            }
        }
        return Optional.empty();
    }

    private String activeId(JsonNode experiment) {
        String id = experiment.path("experiment_id").asText();
        if (DELETED.equals(experiment.path("lifecycle_stage").asText())) {
            GenLabException deleted = new GenLabException(GenLabException.Category.TRACKING, "Experiment '"
                    + experiment.path("name").asText() + "' was deleted in the MLflow tracking server at " + trackingUri
                    + ": restore it with `mlflow experiments restore --experiment-id " + id + "` or choose another"
                    + " experiment name");
            throw new MlflowCallException(MlflowCallException.Outcome.REJECTED, 400, "", deleted);
        }
        return id;
    }

    private void logBatch(String action, String runId, String field, List<JsonNode> items) {
        ObjectNode body = JSON.createObjectNode().put("run_id", runId);
        body.putArray(field).addAll(items);
        post(action, "runs/log-batch", body);
    }

    JsonNode post(String action, String endpoint, ObjectNode body) {
        return send(action, request(endpoint).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json(action, body))));
    }

    JsonNode patch(String action, String endpoint, ObjectNode body) {
        return send(action, request(endpoint).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(json(action, body))));
    }

    JsonNode get(String action, String endpointAndQuery) {
        return send(action, request(endpointAndQuery).GET());
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static String encode(String queryValue) {
        return URLEncoder.encode(queryValue, StandardCharsets.UTF_8);
    }

    private static byte[] json(String action, ObjectNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write the request to " + action, e);
        }
    }

    private HttpRequest.Builder request(String endpoint) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + API_PATH + endpoint))
                .timeout(requestTimeout)
                .header("User-Agent", "genlab");
        credentials.authorization().ifPresent(value -> request.header("Authorization", value));
        return request;
    }

    private JsonNode send(String action, HttpRequest.Builder request) {
        return send(action, request.build());
    }

    private JsonNode send(String action, HttpRequest request) {
        HttpResponse<String> response = exchange(action, request);
        try {
            String body = response.body();
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            // A 2xx answer that is not MLflow's JSON: a proxy's page, most likely. Retrying may reach MLflow.
            throw new MlflowCallException(MlflowCallException.Outcome.SERVER_BUSY, response.statusCode(), "",
                    TrackingFailures.noAnswer(trackingUri, action + " (the answer was not JSON)", e));
        }
    }

    /**
     * Sends one request and returns its 2xx answer. Waits on the asynchronous form, without being interrupted,
     * so that {@link #close()} can abandon it: interrupting a thread would also close the journal file it
     * writes to.
     */
    private HttpResponse<String> exchange(String action, HttpRequest request) {
        return exchange(action, request, HttpResponse.BodyHandlers.ofString());
    }

    private <T> HttpResponse<T> exchange(String action, HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        if (closed) {
            throw MlflowCallException.noAnswer(TrackingFailures.noAnswer(trackingUri, action,
                    new CancellationException("sending was stopped")));
        }
        CompletableFuture<HttpResponse<T>> pending = http.sendAsync(request, handler);
        inFlight.add(pending);
        HttpResponse<T> response;
        try {
            response = pending.get();
        } catch (ExecutionException e) {
            throw MlflowCallException.noAnswer(TrackingFailures.noAnswer(trackingUri, action, e.getCause()));
        } catch (CancellationException e) {
            throw MlflowCallException.noAnswer(TrackingFailures.noAnswer(trackingUri, action, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.cancel(true);
            throw MlflowCallException.noAnswer(TrackingFailures.noAnswer(trackingUri, action, e));
        } finally {
            inFlight.remove(pending);
        }
        int status = response.statusCode();
        if (status < 200 || status >= 300) {
            String body = response.body() instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                    : String.valueOf(response.body());
            throw MlflowCallException.answered(status, body,
                    TrackingFailures.httpError(trackingUri, action, status, body, null));
        }
        return response;
    }

    private static CreatedRun createdRun(JsonNode info) {
        return new CreatedRun(info.path("run_id").asText(), info.path("experiment_id").asText(),
                info.path("artifact_uri").asText(), info.path("run_name").asText());
    }

    private static RunRecord runRecord(JsonNode run) {
        JsonNode info = run.path("info");
        JsonNode data = run.path("data");
        Map<String, String> params = new LinkedHashMap<>();
        data.path("params").forEach(param -> params.put(param.path("key").asText(), param.path("value").asText()));
        Map<String, String> tags = new LinkedHashMap<>();
        data.path("tags").forEach(tag -> tags.put(tag.path("key").asText(), tag.path("value").asText()));
        Map<String, Double> metrics = new LinkedHashMap<>();
        data.path("metrics").forEach(metric -> metrics.put(metric.path("key").asText(),
                metric.path("value").asDouble()));
        return new RunRecord(info.path("run_id").asText(), info.path("experiment_id").asText(),
                info.path("run_name").asText(tags.getOrDefault("mlflow.runName", "")), info.path("status").asText(),
                info.path("start_time").asLong(), info.path("end_time").asLong(), info.path("artifact_uri").asText(),
                params, tags, metrics);
    }

    /** MLflow's list of {@code {"key": ..., "value": ...}} objects, for tags and params. */
    static ArrayNode keyValues(Map<String, String> values) {
        ArrayNode array = JSON.createArrayNode();
        values.forEach((key, value) -> array.addObject().put("key", key).put("value", value));
        return array;
    }

    private static List<List<JsonNode>> batches(ArrayNode items, int size) {
        List<List<JsonNode>> batches = new ArrayList<>();
        List<JsonNode> batch = new ArrayList<>();
        for (JsonNode item : items) {
            batch.add(item);
            if (batch.size() == size) {
                batches.add(batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }
}
