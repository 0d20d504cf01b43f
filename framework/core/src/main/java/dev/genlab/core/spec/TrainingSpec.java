package dev.genlab.core.spec;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Description;
import dev.genlab.api.Min;
import dev.genlab.api.Optimizer;
import dev.genlab.api.TrainingSettings;
import java.util.Optional;

/** The spec's {@code training} section. */
public record TrainingSpec(
        @Description("passes over the training data (per stage); set this or iterations") @Min(1)
        Optional<Integer> epochs,
        @Description("optimisation steps (per stage), for models counted in iterations such as GANs") @Min(1)
        Optional<Long> iterations,
        @Description("examples per optimisation step") @Min(1) int batchSize,
        @Description("optimiser and learning rate") Optimizer optimizer) {
    static final TrainingSpec DEFAULTS =
            new TrainingSpec(Optional.empty(), Optional.empty(), 128, Optimizer.adam(1e-3));

    public TrainingSpec {
        requireNonNull(epochs, "epochs is null");
        requireNonNull(iterations, "iterations is null");
        requireNonNull(optimizer, "optimizer is null");
    }

    /** The settings a model sees; the spec binder has checked that exactly one of epochs and iterations is set. */
    public TrainingSettings settings() {
        return new TrainingSettings(epochs.orElse(0), iterations.orElse(0L), batchSize, optimizer);
    }
}
