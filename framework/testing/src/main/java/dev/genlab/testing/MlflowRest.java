package dev.genlab.testing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
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

/**
 * Reads what a run left in an MLflow server through its public REST API, for assertions in tests. Independent
 * of the code under test on purpose: it shares neither client nor mapping with the tracker.
 */
public final class MlflowRest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String ARTIFACTS_SCHEME = "mlflow-artifacts:";

    private final URI trackingUri;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ObjectMapper json = new ObjectMapper();

    public MlflowRest(URI trackingUri) {
        this.trackingUri = requireNonNull(trackingUri, "trackingUri is null");
    }

    /** A run as {@code runs/get} returns it; metrics hold each key's latest value. */
    public record Run(String runId, String experimentId, String runName, String status, long startTime, long endTime,
            String artifactUri, Map<String, String> params, Map<String, String> tags, Map<String, Double> metrics,
            List<DatasetInput> datasetInputs) {
    }

    /** A dataset logged as an input of a run; source, schema and profile are JSON texts, as MLflow keeps them. */
    public record DatasetInput(String name, String digest, String sourceType, String source, String schema,
            String profile, Map<String, String> tags) {
    }

    public record Metric(long step, double value, long timestamp) {
    }

    /** One entry of an artifact directory; {@code path} is relative to the run's artifact root. */
    public record ArtifactFile(String path, boolean directory, long size) {
    }

    public record Experiment(String experimentId, String name, String artifactLocation, String lifecycleStage) {
    }

    public Run run(String runId) {
        return toRun(get("/api/2.0/mlflow/runs/get?run_id=" + query(runId)).path("run"));
    }

    /** Every value logged under {@code key}, in the order the server returns them (by step, then time). */
    public List<Metric> metricHistory(String runId, String key) {
        List<Metric> history = new ArrayList<>();
        String pageToken = null;
        do {
            String path = "/api/2.0/mlflow/metrics/get-history?run_id=" + query(runId) + "&metric_key=" + query(key)
                    + (pageToken == null ? "" : "&page_token=" + query(pageToken));
            JsonNode page = get(path);
            for (JsonNode metric : page.path("metrics")) {
                history.add(new Metric(metric.path("step").asLong(), metric.path("value").asDouble(),
                        metric.path("timestamp").asLong()));
            }
            pageToken = page.path("next_page_token").asText(null);
        } while (pageToken != null && !pageToken.isEmpty());
        return history;
    }

    /** The entries directly under {@code path} ({@code ""} for the root). */
    public List<ArtifactFile> artifacts(String runId, String path) {
        JsonNode listing = get("/api/2.0/mlflow/artifacts/list?run_id=" + query(runId) + "&path=" + query(path));
        List<ArtifactFile> files = new ArrayList<>();
        for (JsonNode file : listing.path("files")) {
            files.add(new ArtifactFile(file.path("path").asText(), file.path("is_dir").asBoolean(),
                    file.path("file_size").asLong()));
        }
        return files;
    }

    /** The paths of all files under {@code path}, descending into directories. */
    public List<String> artifactFilesRecursively(String runId, String path) {
        List<String> files = new ArrayList<>();
        for (ArtifactFile entry : artifacts(runId, path)) {
            if (entry.directory()) {
                files.addAll(artifactFilesRecursively(runId, entry.path()));
            } else {
                files.add(entry.path());
            }
        }
        return files;
    }

    /** The bytes of one artifact, fetched through the server's artifact proxy as a Python client would. */
    public byte[] download(String runId, String path) {
        String artifactUri = run(runId).artifactUri();
        if (!artifactUri.startsWith(ARTIFACTS_SCHEME)) {
            throw new IllegalStateException("Run " + runId + " does not store artifacts through the server: " + artifactUri);
        }
        String root = artifactUri.substring(ARTIFACTS_SCHEME.length()).replaceFirst("^/+", "");
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(
                trackingUri.resolve("/api/2.0/mlflow-artifacts/artifacts/" + encodePath(root + "/" + path))).GET(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET artifact " + path + " of run " + runId + " answered "
                    + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
    }

    public Optional<Experiment> experimentByName(String name) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(trackingUri.resolve(
                "/api/2.0/mlflow/experiments/get-by-name?experiment_name=" + query(name))).GET(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        JsonNode experiment = parse(response, "experiments/get-by-name").path("experiment");
        return Optional.of(new Experiment(experiment.path("experiment_id").asText(), experiment.path("name").asText(),
                experiment.path("artifact_location").asText(), experiment.path("lifecycle_stage").asText()));
    }

    /** All active runs of an experiment, newest first. */
    public List<Run> searchRuns(String experimentId) {
        List<Run> runs = new ArrayList<>();
        String pageToken = null;
        do {
            ObjectNode body = json.createObjectNode();
            body.putArray("experiment_ids").add(experimentId);
            body.put("max_results", 1000);
            if (pageToken != null) {
                body.put("page_token", pageToken);
            }
            HttpResponse<String> response = send(HttpRequest.newBuilder(trackingUri.resolve("/api/2.0/mlflow/runs/search"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())), HttpResponse.BodyHandlers.ofString());
            JsonNode page = parse(response, "runs/search");
            page.path("runs").forEach(run -> runs.add(toRun(run)));
            pageToken = page.path("next_page_token").asText(null);
        } while (pageToken != null && !pageToken.isEmpty());
        return runs;
    }

    /** A logged model (MLflow 3) as {@code logged-models/search} returns it. */
    public record LoggedModel(String modelId, String name, String status, String modelType, String sourceRunId,
            String artifactUri, Map<String, String> params, Map<String, String> tags) {
    }

    /** A version of a registered model; {@code source} is {@code models:/<model id>} or an artifact URI. */
    public record ModelVersion(String name, String version, String source, String runId) {
    }

    /** The logged models of an experiment, newest first. */
    public List<LoggedModel> loggedModels(String experimentId) {
        ObjectNode body = json.createObjectNode();
        body.putArray("experiment_ids").add(experimentId);
        HttpResponse<String> response = send(HttpRequest.newBuilder(trackingUri.resolve(
                "/api/2.0/mlflow/logged-models/search")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), HttpResponse.BodyHandlers.ofString());
        List<LoggedModel> models = new ArrayList<>();
        parse(response, "logged-models/search").path("models").forEach(model -> {
            JsonNode info = model.path("info");
            Map<String, String> params = new LinkedHashMap<>();
            model.path("data").path("params").forEach(p -> params.put(p.path("key").asText(), p.path("value").asText()));
            Map<String, String> tags = new LinkedHashMap<>();
            info.path("tags").forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
            models.add(new LoggedModel(info.path("model_id").asText(), info.path("name").asText(),
                    info.path("status").asText(), info.path("model_type").asText(),
                    info.path("source_run_id").asText(), info.path("artifact_uri").asText(), params, tags));
        });
        return models;
    }

    /** The ids of the logged models recorded as outputs of the run ("Logged models" on its page). */
    public List<String> outputModelIds(String runId) {
        List<String> ids = new ArrayList<>();
        get("/api/2.0/mlflow/runs/get?run_id=" + query(runId)).path("run").path("outputs").path("model_outputs")
                .forEach(output -> ids.add(output.path("model_id").asText()));
        return ids;
    }

    /** The files at the top of a logged model's artifacts. */
    public List<String> loggedModelFiles(String modelId) {
        List<String> files = new ArrayList<>();
        get("/api/2.0/mlflow/logged-models/" + query(modelId) + "/artifacts/directories").path("files")
                .forEach(file -> files.add(file.path("path").asText()));
        return files;
    }

    /** One file of a logged model's artifacts, as the UI reads it. */
    public byte[] loggedModelFile(String modelId, String path) {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(trackingUri.resolve("/ajax-api/2.0/mlflow/logged-models/"
                + query(modelId) + "/artifacts/files?artifact_file_path=" + query(path))).GET(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " of logged model " + modelId + " answered "
                    + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
    }

    /** A version of a registered model, if there is one. */
    public Optional<ModelVersion> modelVersion(String name, String version) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(trackingUri.resolve(
                "/api/2.0/mlflow/model-versions/get?name=" + query(name) + "&version=" + query(version))).GET(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        JsonNode found = parse(response, "model-versions/get").path("model_version");
        return Optional.of(new ModelVersion(found.path("name").asText(), found.path("version").asText(),
                found.path("source").asText(), found.path("run_id").asText()));
    }

    private static Run toRun(JsonNode run) {
        JsonNode info = run.path("info");
        JsonNode data = run.path("data");
        Map<String, Double> metrics = new LinkedHashMap<>();
        data.path("metrics").forEach(metric -> metrics.put(metric.path("key").asText(), metric.path("value").asDouble()));
        List<DatasetInput> inputs = new ArrayList<>();
        for (JsonNode input : run.path("inputs").path("dataset_inputs")) {
            JsonNode dataset = input.path("dataset");
            inputs.add(new DatasetInput(dataset.path("name").asText(), dataset.path("digest").asText(),
                    dataset.path("source_type").asText(), dataset.path("source").asText(),
                    dataset.path("schema").asText(), dataset.path("profile").asText(), keyValues(input.path("tags"))));
        }
        return new Run(info.path("run_id").asText(), info.path("experiment_id").asText(), info.path("run_name").asText(),
                info.path("status").asText(), info.path("start_time").asLong(), info.path("end_time").asLong(),
                info.path("artifact_uri").asText(), keyValues(data.path("params")), keyValues(data.path("tags")),
                metrics, List.copyOf(inputs));
    }

    private static Map<String, String> keyValues(JsonNode entries) {
        Map<String, String> values = new LinkedHashMap<>();
        entries.forEach(entry -> values.put(entry.path("key").asText(), entry.path("value").asText()));
        return values;
    }

    private JsonNode get(String pathAndQuery) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(trackingUri.resolve(pathAndQuery)).GET(),
                HttpResponse.BodyHandlers.ofString());
        return parse(response, pathAndQuery);
    }

    private JsonNode parse(HttpResponse<String> response, String what) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(what + " answered " + response.statusCode() + ": " + response.body());
        }
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable answer to " + what + ": " + response.body(), e);
        }
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request.timeout(TIMEOUT).build(), body);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot reach MLflow at " + trackingUri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling MLflow at " + trackingUri, e);
        }
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String encodePath(String path) {
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/", -1)) {
            segments.add(query(segment));
        }
        return String.join("/", segments);
    }
}
