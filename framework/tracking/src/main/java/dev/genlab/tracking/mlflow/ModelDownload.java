package dev.genlab.tracking.mlflow;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.GenLabException;
import dev.genlab.tracking.rest.MlflowCallException;
import dev.genlab.tracking.rest.MlflowModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Brings a model from an MLflow server into a directory that {@code genlab sample} reads as a saved run: the
 * model's files in {@code model/} and the run's spec as {@code spec.yaml}. A model GenLab logged carries its spec
 * ({@code model/spec.yaml}); for older runs the spec comes from the run's artifacts.
 */
public final class ModelDownload {
    static final String SPEC = "spec.yaml";
    static final String MODEL_DIRECTORY = "model";

    private final MlflowModels models;

    public ModelDownload(MlflowModels models) {
        this.models = requireNonNull(models, "models is null");
    }

    /**
     * Downloads the model {@code uri} names into a directory of {@code cache}, the server's directory in the cache
     * (replacing what an earlier download of it left there), and returns that directory.
     *
     * @throws GenLabException (CONFIG) naming the URI when there is no such run, version or model
     */
    public Path download(ModelUri uri, Path cache) {
        Source source = resolve(uri);
        Path target = cache.resolve(source.key());
        delete(target);
        Path model = target.resolve(MODEL_DIRECTORY);
        int files = copy(source.root(), source.path(), model);
        if (files == 0) {
            throw new GenLabException(GenLabException.Category.CONFIG, uri.text() + " at " + models.server()
                    + " holds no model: nothing is under " + (source.path().isEmpty() ? source.root() : source.path()
                    + "/ in the artifacts of run " + source.runId().orElse("?")) + " (was it trained with"
                    + " tracking.saveModel: false, or is it still being sent?)");
        }
        try {
            if (Files.isRegularFile(model.resolve(SPEC))) {
                Files.copy(model.resolve(SPEC), target.resolve(SPEC));
            } else if (source.runId().isPresent()) {
                MlflowModels.Run run = run(models, source.runId().get(), uri.text());
                Files.write(target.resolve(SPEC), models.download(run.artifactUri(), SPEC));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the spec of " + uri.text() + " into " + target, e);
        }
        return target;
    }

    /** Where the model's files are: an artifact root, the directory under it, and the run that made them. */
    private record Source(String root, String path, Optional<String> runId, String key) {
    }

    private Source resolve(ModelUri uri) {
        if (uri instanceof ModelUri.RunModel runModel) {
            MlflowModels.Run run = run(models, runModel.runId(), uri.text());
            return new Source(run.artifactUri(), runModel.path(), Optional.of(run.runId()), "run-" + run.runId() + "-"
                    + runModel.path().replaceAll("[^A-Za-z0-9._-]", "_"));
        }
        ModelUri.Registered registered = (ModelUri.Registered) uri;
        MlflowModels.ModelVersion version = version(registered);
        Optional<String> runId = version.runId().isEmpty() ? Optional.empty() : Optional.of(version.runId());
        String key = "version-" + version.name().replaceAll("[^A-Za-z0-9._-]", "_") + "-" + version.version();
        if (version.modelId().isPresent()) {
            return new Source(models.loggedModel(version.modelId().get()).artifactUri(), "", runId, key);
        }
        return new Source(version.source(), "", runId, key);
    }

    private MlflowModels.ModelVersion version(ModelUri.Registered uri) {
        try {
            if (uri.version().equals("latest")) {
                return models.latestVersion(uri.name()).orElseThrow(() -> new GenLabException(
                        GenLabException.Category.CONFIG, "Registered model '" + uri.name() + "' at " + models.server()
                        + " has no versions (" + uri.text() + ")"));
            }
            return models.modelVersion(uri.name(), uri.version());
        } catch (MlflowCallException e) {
            if (e.status() == 404) {
                throw new GenLabException(GenLabException.Category.CONFIG, "No version " + uri.version()
                        + " of registered model '" + uri.name() + "' at " + models.server() + " (" + uri.text() + ")", e);
            }
            throw e;
        }
    }

    /** The run {@code runId}, or an error naming {@code uri} when the server has none. */
    static MlflowModels.Run run(MlflowModels models, String runId, String uri) {
        try {
            MlflowModels.Run run = models.run(runId);
            if (!"deleted".equals(run.lifecycleStage())) {
                return run;
            }
        } catch (MlflowCallException e) {
            if (e.status() != 404 && !"RESOURCE_DOES_NOT_EXIST".equals(e.errorCode())) {
                throw e;
            }
        }
        throw new GenLabException(GenLabException.Category.CONFIG, "No run " + runId + " at " + models.server() + " ("
                + uri + ")");
    }

    /** Copies every file under {@code path} of {@code root} into {@code into}; returns how many. */
    private int copy(String root, String path, Path into) {
        int count = 0;
        for (MlflowModels.ArtifactFile file : models.listArtifacts(root, path)) {
            String relative = file.path().substring(file.path().lastIndexOf('/') + 1);
            String child = path.isEmpty() ? relative : path + "/" + relative;
            Path local = into.resolve(relative).normalize();
            if (!local.startsWith(into)) {
                throw new GenLabException(GenLabException.Category.TRACKING, "The server listed '" + file.path()
                        + "', which is not a file name, in " + root);
            }
            if (file.directory()) {
                count += copy(root, child, local);
            } else {
                try {
                    Files.createDirectories(into);
                    Files.write(local, models.download(root, child));
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot write " + local, e);
                }
                count++;
            }
        }
        return count;
    }

    private static void delete(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clear " + directory, e);
        }
    }
}
