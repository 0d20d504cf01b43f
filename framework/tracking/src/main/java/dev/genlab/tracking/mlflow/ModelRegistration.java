package dev.genlab.tracking.mlflow;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.GenLabException;
import dev.genlab.tracking.MlmodelFile;
import dev.genlab.tracking.rest.MlflowCallException;
import dev.genlab.tracking.rest.MlflowModels;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Registers a run's model in MLflow's model registry: the registered model is created when absent, and the new
 * version is made from the run's logged model where the server has one ({@code models:/m-...}), else from the
 * model's directory in the run's artifacts (its MLmodel file makes it an MLflow model).
 */
public final class ModelRegistration {
    private final MlflowModels models;

    public ModelRegistration(MlflowModels models) {
        this.models = requireNonNull(models, "models is null");
    }

    /** What makes {@code name} unfit as a registered model's name, as MLflow checks it, if anything. */
    public static Optional<String> nameProblem(String name) {
        if (name.isBlank()) {
            return Optional.of("a registered model's name cannot be empty");
        }
        if (name.contains("/") || name.contains(":")) {
            return Optional.of("'" + name + "' cannot be a registered model's name: MLflow's names cannot contain '/'"
                    + " or ':'");
        }
        if (!name.strip().equals(name)) {
            return Optional.of("'" + name + "' begins or ends with spaces, which a registered model's name cannot");
        }
        return Optional.empty();
    }

    /**
     * Registers the model {@code path} of run {@code runId} ({@code runs:/<run id>/<path>}) as a new version of
     * {@code name}.
     *
     * @throws GenLabException (CONFIG) when the run is unknown or has no model there
     */
    public MlflowModels.ModelVersion registerRun(String runId, String path, String name) {
        MlflowModels.Run run = ModelDownload.run(models, runId, "runs:/" + runId + "/" + path);
        List<MlflowModels.LoggedModel> logged = models.runModels(run.experimentId(), runId, path);
        if (logged.isEmpty() && models.listArtifacts(run.artifactUri(), path).stream()
                .noneMatch(file -> file.path().equals(MlmodelFile.NAME))) {
            throw new GenLabException(GenLabException.Category.CONFIG, "Run " + runId + " at " + models.server()
                    + " has no model at " + path + ": neither a logged model called '" + path + "' nor "
                    + path + "/" + MlmodelFile.NAME + " in its artifacts (runs:/" + runId + "/" + path + ")");
        }
        try {
            return register(name, run, path, logged.stream().findFirst(), Map.of());
        } catch (MlflowCallException e) {
            if (e.outcome() == MlflowCallException.Outcome.REJECTED) {
                throw new GenLabException(GenLabException.Category.CONFIG, "Cannot register the model of run "
                        + runId + " as '" + name + "': " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /**
     * Registers the model in the directory {@code path} of {@code run}'s artifacts, or {@code logged} when the
     * server made it a logged model. A version tagged with {@code tags} made of the run already is returned instead
     * of making another: the sender may repeat a registration whose answer it did not get.
     */
    MlflowModels.ModelVersion register(String name, MlflowModels.Run run, String path,
            Optional<MlflowModels.LoggedModel> logged, Map<String, String> tags) {
        models.createRegisteredModel(name);
        if (!tags.isEmpty()) {
            for (MlflowModels.ModelVersion version : models.modelVersions(name, run.runId())) {
                if (version.tags().entrySet().containsAll(tags.entrySet())) {
                    return version;
                }
            }
        }
        String source = logged.map(model -> "models:/" + model.modelId())
                .orElse(run.artifactUri().replaceAll("/+$", "") + "/" + path);
        return models.createModelVersion(name, source, run.runId(), logged.map(MlflowModels.LoggedModel::modelId),
                tags);
    }
}
