package dev.genlab.tracking.mlflow;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.GenLabException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model in an MLflow server as MLflow's clients name it: {@code runs:/<run id>/<path>}, the model a run keeps
 * under {@code path} of its artifacts, or {@code models:/<name>/<version>} ({@code latest} for the newest), a
 * version of a registered model.
 */
public sealed interface ModelUri {
    Pattern RUN = Pattern.compile("runs:/([0-9A-Za-z_-]+)(?:/(.+))?");
    Pattern REGISTERED = Pattern.compile("models:/([^/]+)/([0-9]+|latest)");

    /** {@code runs:/<run id>/<path>}. */
    record RunModel(String runId, String path) implements ModelUri {
        public RunModel {
            requireNonNull(runId, "runId is null");
            requireNonNull(path, "path is null");
        }

        @Override
        public String text() {
            return "runs:/" + runId + "/" + path;
        }
    }

    /** {@code models:/<name>/<version>}; {@code version} is a number or {@code latest}. */
    record Registered(String name, String version) implements ModelUri {
        public Registered {
            requireNonNull(name, "name is null");
            requireNonNull(version, "version is null");
        }

        @Override
        public String text() {
            return "models:/" + name + "/" + version;
        }
    }

    /** The URI as a person writes it. */
    String text();

    /** True for what is meant as a model URI rather than a local directory. */
    static boolean isModelUri(String text) {
        return text.startsWith("runs:/") || text.startsWith("models:/");
    }

    /**
     * Parses {@code text}; a run without a path means its {@code model}.
     *
     * @throws GenLabException (CONFIG) saying what a model URI looks like
     */
    static ModelUri parse(String text) {
        Matcher run = RUN.matcher(text.strip());
        if (run.matches()) {
            String path = run.group(2) == null ? "model" : run.group(2).replaceAll("/+$", "");
            return new RunModel(run.group(1), path.isEmpty() ? "model" : path);
        }
        Matcher registered = REGISTERED.matcher(text.strip());
        if (registered.matches()) {
            return new Registered(registered.group(1), registered.group(2));
        }
        throw new GenLabException(GenLabException.Category.CONFIG, "'" + text + "' is not a model URI: use"
                + " runs:/<run id>/model, models:/<name>/<version> or models:/<name>/latest");
    }
}
