package dev.genlab.api;

import static java.util.Objects.requireNonNull;

/**
 * The spec's training section as a model sees it.
 *
 * @param epochs passes over the training split per stage, or 0 when training is counted in iterations
 * @param iterations optimisation steps per stage, or 0 when training is counted in epochs
 * @param batchSize examples per step
 * @param optimizer the optimiser and its learning rate
 */
public record TrainingSettings(int epochs, long iterations, int batchSize, Optimizer optimizer) {
    public TrainingSettings {
        requireNonNull(optimizer, "optimizer is null");
        if ((epochs > 0) == (iterations > 0)) {
            throw new IllegalArgumentException("exactly one of epochs and iterations must be positive");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive: " + batchSize);
        }
    }
}
