package dev.genlab.core.spec;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Description;
import java.util.Optional;

/** The spec's top-level values other than the plugin sections. */
record ExperimentHeader(
        @Description("the MLflow experiment the run goes into (created when missing)") String experiment,
        @Description("the run's name in MLflow (default: <model>-<dataset>)") Optional<String> run,
        @Description("free text shown as the run's description") Optional<String> description,
        @Description("seed of every random generator: weights, data order, noise") long seed,
        @Description("training settings") TrainingSpec training,
        @Description("tracking settings") TrackingSpec tracking) {
    static final ExperimentHeader DEFAULTS = new ExperimentHeader(null, Optional.empty(), Optional.empty(), 42L,
            TrainingSpec.DEFAULTS, TrackingSpec.DEFAULTS);

    ExperimentHeader {
        // experiment stays null only in DEFAULTS, where null marks it required
        if (experiment != null) {
            requireName("experiment", experiment);
        }
        requireNonNull(run, "run is null");
        run.ifPresent(name -> requireName("run", name));
        requireNonNull(description, "description is null");
    }

    /** Names show on one line in MLflow and on the console. */
    private static void requireName(String key, String name) {
        if (name.isBlank()) {
            throw new IllegalArgumentException(key + ": must not be empty");
        }
        if (name.chars().anyMatch(c -> c == '\n' || c == '\t')) {
            throw new IllegalArgumentException(key + ": must be one line of text without tabs");
        }
    }
}
