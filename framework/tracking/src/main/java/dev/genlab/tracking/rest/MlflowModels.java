package dev.genlab.tracking.rest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The calls about models that GenLab makes to an MLflow server, through an {@link MlflowApi}: MLflow 3's logged
 * models, the model registry, a run's details, and reading artifacts back. Like {@link MlflowApi}, one method call
 * is one request (or one per page), never retried here.
 */
public final class MlflowModels {
    private final MlflowApi api;

    /** A logged model: its id ({@code m-...}) and the root of its artifacts. */
    public record LoggedModel(String modelId, String artifactUri) {
        public LoggedModel {
            requireNonNull(modelId, "modelId is null");
            requireNonNull(artifactUri, "artifactUri is null");
        }
    }

    /** A run as the server knows it, with the logged models it output. */
    public record Run(String runId, String experimentId, String artifactUri, String lifecycleStage,
            List<String> outputModelIds) {
        public Run {
            requireNonNull(runId, "runId is null");
            requireNonNull(experimentId, "experimentId is null");
            requireNonNull(artifactUri, "artifactUri is null");
            requireNonNull(lifecycleStage, "lifecycleStage is null");
            outputModelIds = List.copyOf(outputModelIds);
        }
    }

    /** A version of a registered model. */
    public record ModelVersion(String name, String version, String source, String runId, Map<String, String> tags) {
        public ModelVersion {
            requireNonNull(name, "name is null");
            requireNonNull(version, "version is null");
            requireNonNull(source, "source is null");
            requireNonNull(runId, "runId is null");
            tags = Map.copyOf(tags);
        }

        /** The logged model the version was made from, when its source names one ({@code models:/m-...}). */
        public Optional<String> modelId() {
            return source.startsWith("models:/m-") && source.indexOf('/', "models:/".length()) < 0
                    ? Optional.of(source.substring("models:/".length())) : Optional.empty();
        }
    }

    /** A file or directory in a listing of artifacts; {@code path} is relative to the root of the listing. */
    public record ArtifactFile(String path, boolean directory) {
        public ArtifactFile {
            requireNonNull(path, "path is null");
        }
    }

    public MlflowModels(MlflowApi api) {
        this.api = requireNonNull(api, "api is null");
    }

    /** The server's address, for messages. */
    public String server() {
        return api.trackingUri().toString();
    }

    /**
     * Creates a logged model of {@code runId}, PENDING until {@link #finalizeLoggedModel}; empty when the server has
     * no logged models (it is older than MLflow 3: the endpoint does not exist).
     */
    public Optional<LoggedModel> createLoggedModel(String experimentId, String name, String modelType, String runId,
            Map<String, String> params, Map<String, String> tags) {
        ObjectNode body = MlflowApi.object()
                .put("experiment_id", experimentId)
                .put("name", name)
                .put("model_type", modelType)
                .put("source_run_id", runId);
        body.set("params", MlflowApi.keyValues(params));
        body.set("tags", MlflowApi.keyValues(tags));
        try {
            return Optional.of(loggedModel(api.post("create logged model '" + name + "' of run " + runId,
                    "logged-models", body).path("model")));
        } catch (MlflowCallException e) {
            if (missingEndpoint(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The logged model of {@code runId} in the experiment whose tag {@code key} is {@code value}, if any. */
    public Optional<LoggedModel> findLoggedModel(String experimentId, String runId, String key, String value) {
        ObjectNode body = MlflowApi.object()
                .put("filter", "source_run_id = '" + quote(runId) + "' AND tags.`" + key + "` = '" + quote(value) + "'")
                .put("max_results", 1);
        body.putArray("experiment_ids").add(experimentId);
        for (JsonNode model : api.post("look for the logged model " + key + "=" + value, "logged-models/search", body)
                .path("models")) {
            return Optional.of(loggedModel(model));
        }
        return Optional.empty();
    }

    /** The logged models called {@code name} that {@code runId} made, newest first; none on a server without them. */
    public List<LoggedModel> runModels(String experimentId, String runId, String name) {
        ObjectNode body = MlflowApi.object()
                .put("filter", "source_run_id = '" + quote(runId) + "' AND name = '" + quote(name) + "'")
                .put("max_results", 50);
        body.putArray("experiment_ids").add(experimentId);
        body.putArray("order_by").addObject().put("field_name", "creation_timestamp").put("ascending", false);
        List<LoggedModel> models = new ArrayList<>();
        try {
            api.post("look for the logged models of run " + runId, "logged-models/search", body).path("models")
                    .forEach(model -> models.add(loggedModel(model)));
        } catch (MlflowCallException e) {
            if (!missingEndpoint(e)) {
                throw e;
            }
        }
        return models;
    }

    public LoggedModel loggedModel(String modelId) {
        return loggedModel(api.get("look up logged model " + modelId, "logged-models/" + MlflowApi.encode(modelId))
                .path("model"));
    }

    /** Marks the logged model READY: its files are all uploaded. */
    public void finalizeLoggedModel(String modelId) {
        ObjectNode body = MlflowApi.object().put("model_id", modelId).put("status", "LOGGED_MODEL_READY");
        api.patch("mark logged model " + modelId + " READY", "logged-models/" + MlflowApi.encode(modelId), body);
    }

    /** Records the logged model as an output of the run at {@code step} ("Logged models" of the run's page). */
    public void logOutput(String runId, String modelId, long step) {
        ObjectNode body = MlflowApi.object().put("run_id", runId);
        body.putArray("models").addObject().put("model_id", modelId).put("step", step);
        api.post("record logged model " + modelId + " as an output of run " + runId, "runs/outputs", body);
    }

    public Run run(String runId) {
        JsonNode run = api.get("look up run " + runId, "runs/get?run_id=" + MlflowApi.encode(runId)).path("run");
        JsonNode info = run.path("info");
        List<String> outputs = new ArrayList<>();
        run.path("outputs").path("model_outputs").forEach(output -> outputs.add(output.path("model_id").asText()));
        return new Run(info.path("run_id").asText(), info.path("experiment_id").asText(),
                info.path("artifact_uri").asText(), info.path("lifecycle_stage").asText(), outputs);
    }

    /** Creates the registered model {@code name}; one that exists already is no error. */
    public void createRegisteredModel(String name) {
        try {
            api.post("create registered model '" + name + "'", "registered-models/create",
                    MlflowApi.object().put("name", name));
        } catch (MlflowCallException e) {
            if (!"RESOURCE_ALREADY_EXISTS".equals(e.errorCode())) {
                throw e;
            }
        }
    }

    /** A new version of the registered model {@code name} from {@code source} ({@code models:/m-...} or artifacts). */
    public ModelVersion createModelVersion(String name, String source, String runId, Optional<String> modelId,
            Map<String, String> tags) {
        ObjectNode body = MlflowApi.object().put("name", name).put("source", source).put("run_id", runId);
        modelId.ifPresent(id -> body.put("model_id", id));
        body.set("tags", MlflowApi.keyValues(tags));
        return modelVersion(api.post("create a version of registered model '" + name + "'", "model-versions/create",
                body).path("model_version"));
    }

    /** The versions of {@code name} made from run {@code runId}, newest first. */
    public List<ModelVersion> modelVersions(String name, String runId) {
        return searchVersions("name = '" + quote(name) + "' AND run_id = '" + quote(runId) + "'", 100);
    }

    public ModelVersion modelVersion(String name, String version) {
        return modelVersion(api.get("look up version " + version + " of registered model '" + name + "'",
                "model-versions/get?name=" + MlflowApi.encode(name) + "&version=" + MlflowApi.encode(version))
                .path("model_version"));
    }

    /** The newest version of {@code name}, if it has any. */
    public Optional<ModelVersion> latestVersion(String name) {
        return searchVersions("name = '" + quote(name) + "'", 1).stream().findFirst();
    }

    /** What the directory {@code path} (empty: the root) under the artifact root {@code artifactUri} holds. */
    public List<ArtifactFile> listArtifacts(String artifactUri, String path) {
        List<ArtifactFile> files = new ArrayList<>();
        api.listArtifacts(artifactUri, path).path("files").forEach(file -> files.add(new ArtifactFile(
                file.path("path").asText(), file.path("is_dir").asBoolean())));
        return files;
    }

    public byte[] download(String artifactUri, String path) {
        return api.download(artifactUri, path);
    }

    private List<ModelVersion> searchVersions(String filter, int max) {
        List<ModelVersion> versions = new ArrayList<>();
        api.get("search the versions where " + filter, "model-versions/search?filter=" + MlflowApi.encode(filter)
                + "&order_by=" + MlflowApi.encode("version_number DESC") + "&max_results=" + max)
                .path("model_versions").forEach(version -> versions.add(modelVersion(version)));
        return versions;
    }

    /** An endpoint the server does not have: Flask's own 404, which carries no MLflow error code. */
    private static boolean missingEndpoint(MlflowCallException e) {
        return (e.status() == 404 || e.status() == 405 || e.status() == 501) && e.errorCode().isEmpty();
    }

    private static LoggedModel loggedModel(JsonNode model) {
        JsonNode info = model.path("info");
        return new LoggedModel(info.path("model_id").asText(), info.path("artifact_uri").asText());
    }

    private static ModelVersion modelVersion(JsonNode version) {
        Map<String, String> tags = new LinkedHashMap<>();
        version.path("tags").forEach(tag -> tags.put(tag.path("key").asText(), tag.path("value").asText()));
        return new ModelVersion(version.path("name").asText(), version.path("version").asText(),
                version.path("source").asText(), version.path("run_id").asText(), tags);
    }

    /** MLflow's filters have no escapes for quotes inside quotes; the values here are ids and names. */
    private static String quote(String value) {
        return value.replace("'", "\\'");
    }
}
