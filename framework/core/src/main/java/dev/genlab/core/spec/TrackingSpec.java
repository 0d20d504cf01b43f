package dev.genlab.core.spec;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Description;
import dev.genlab.api.Max;
import dev.genlab.api.Min;
import dev.genlab.tracking.TrackingUri;
import dev.genlab.tracking.mlflow.ModelRegistration;
import java.net.URI;
import java.util.Optional;

/** The spec's {@code tracking} section. */
public record TrackingSpec(
        @Description("MLflow tracking server (http://host:port), or 'none' to keep nothing; when empty: "
                + "MLFLOW_TRACKING_URI, else a local server started in the working directory")
        Optional<URI> uri,
        @Description("log training losses every this many steps") @Min(1) int logEvery,
        @Description("log progress images every this many steps (0: only at the end)") @Min(0) int imageEvery,
        @Description("test-split metrics after every this many epochs and after the last (more than 1 spares the "
                + "test passes of many short epochs, as on a few hundred training images)") @Min(1) int testEvery,
        @Description("save the trained model as the run's model/ artifacts, for genlab sample") boolean saveModel,
        @Description("images generated to score the model at each image step and at the end (score/fd, "
                + "score/precision, score/recall, score/classes_covered, in the features of a classifier trained "
                + "once per dataset); 0: no scores") @Min(0) @Max(100_000) int scoreSamples,
        @Description("conditional models, at the end of training: labelled images generated (balanced over the "
                + "classes) to train a classifier on, whose accuracy on the real test images is score/tstr_accuracy "
                + "(train on synthetic, test on real); 0: not measured") @Min(0) @Max(1_000_000) int tstrSamples,
        @Description("conditional models, at the end of training: also train that classifier on the run's real "
                + "training images alone (score/real_accuracy) and on them with the tstrSamples generated images "
                + "(score/augmented_accuracy), each for at least as many image presentations as the train-on-"
                + "synthetic one, to see whether the generated images help") boolean augmentation,
        @Description("seconds between samples of CPU, memory and disk use (system/* metrics, MLflow's System "
                + "metrics tab); 0: none") @Min(0) @Max(86_400) int systemMetricsEvery,
        @Description("register the trained model in MLflow's model registry under this name at the end of the run "
                + "(a new version of it; needs saveModel)") Optional<String> registerAs) {
    static final TrackingSpec DEFAULTS = new TrackingSpec(Optional.empty(), 10, 0, 1, true, 1000, 10_000, false, 10,
            Optional.empty());

    public TrackingSpec {
        requireNonNull(uri, "uri is null");
        uri.filter(value -> !value.toString().equalsIgnoreCase("none"))
                .flatMap(TrackingUri::specProblem)
                .ifPresent(problem -> {
                    throw new IllegalArgumentException("uri: " + problem);
                });
        requireNonNull(registerAs, "registerAs is null");
        registerAs.flatMap(ModelRegistration::nameProblem).ifPresent(problem -> {
            throw new IllegalArgumentException("registerAs: " + problem);
        });
        if (augmentation && tstrSamples == 0) {
            throw new IllegalArgumentException("augmentation: mixes tstrSamples generated images with the real ones,"
                    + " but tstrSamples is 0");
        }
        if (registerAs.isPresent() && !saveModel) {
            throw new IllegalArgumentException("registerAs: registers the saved model, but saveModel is false");
        }
        if (registerAs.isPresent() && uri.filter(value -> value.toString().equalsIgnoreCase("none")).isPresent()) {
            throw new IllegalArgumentException("registerAs: needs an MLflow server, but uri is 'none'");
        }
    }

    /** True when the spec asks to keep nothing ({@code uri: none}). */
    public boolean disabled() {
        return uri.map(value -> value.toString().equalsIgnoreCase("none")).orElse(false);
    }

    /** The tracking server the spec names, if it names one. */
    public Optional<URI> server() {
        return disabled() ? Optional.empty() : uri;
    }

    @Override
    public String toString() {
        return "TrackingSpec[uri=" + uri.map(TrackingUri::withoutUserInfo) + ", logEvery=" + logEvery
                + ", imageEvery=" + imageEvery + ", testEvery=" + testEvery + ", saveModel=" + saveModel
                + ", scoreSamples=" + scoreSamples + ", tstrSamples=" + tstrSamples + ", augmentation=" + augmentation
                + ", systemMetricsEvery=" + systemMetricsEvery + ", registerAs=" + registerAs + "]";
    }
}
