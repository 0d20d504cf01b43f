package dev.genlab.core.spec;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Description;
import dev.genlab.api.Max;
import dev.genlab.api.Min;
import dev.genlab.api.Optimizer;
import dev.genlab.api.TrainingSettings;
import java.util.Optional;

/** The spec's {@code training} section. */
public record TrainingSpec(
        @Description("passes over the training data (per stage); set this or iterations") @Min(1)
        Optional<Integer> epochs,
        @Description("optimisation steps (per stage), for models counted in iterations such as GANs") @Min(1)
        @Max(1e12) Optional<Long> iterations,
        @Description("examples per optimisation step") @Min(1) int batchSize,
        @Description("optimiser and learning rate") Optimizer optimizer,
        @Description("save a checkpoint for `genlab run --resume` every this many epochs, or iterations when "
                + "training counts iterations (default: every epoch, or every 100 iterations); 0: only at the end")
        @Min(0) Optional<Integer> checkpointEvery,
        @Description("CPU threads for ND4J's kernels (OpenMP, oneDNN, BLAS); default: OMP_NUM_THREADS when set, "
                + "else one per core (1 can be faster for small dense networks)")
        @Min(1) Optional<Integer> threads) {
    static final int DEFAULT_ITERATIONS_PER_CHECKPOINT = 100;
    static final TrainingSpec DEFAULTS =
            new TrainingSpec(Optional.empty(), Optional.empty(), 128, Optimizer.adam(1e-3), Optional.empty(),
                    Optional.empty());

    public TrainingSpec {
        requireNonNull(epochs, "epochs is null");
        requireNonNull(iterations, "iterations is null");
        requireNonNull(optimizer, "optimizer is null");
        requireNonNull(checkpointEvery, "checkpointEvery is null");
        requireNonNull(threads, "threads is null");
    }

    /** This section with {@code threads} set, as a sweep gives each trial its share of the cores. */
    public TrainingSpec withThreads(int count) {
        return new TrainingSpec(epochs, iterations, batchSize, optimizer, checkpointEvery, Optional.of(count));
    }

    /** Epochs between checkpoints, or iterations for training counted in iterations; 0: only at the end. */
    public long checkpointInterval() {
        return checkpointEvery.orElse(epochs.isPresent() ? 1 : DEFAULT_ITERATIONS_PER_CHECKPOINT);
    }

    /** The settings a model sees; the spec binder has checked that exactly one of epochs and iterations is set. */
    public TrainingSettings settings() {
        return new TrainingSettings(epochs.orElse(0), iterations.orElse(0L), batchSize, optimizer);
    }
}
