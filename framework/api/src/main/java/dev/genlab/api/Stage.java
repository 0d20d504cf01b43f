package dev.genlab.api;

import java.util.Map;

/** One stage of training: a network (or several, for a GAN) with its optimiser state. */
public interface Stage {
    /** A short name, used as the metric prefix when a model has several stages ({@code layer1/loss}). */
    String name();

    /**
     * One optimisation step on a batch. Returns the step's losses by name, in a stable order, the main
     * one under {@code loss}; the runner fails the run if any is NaN or infinite.
     */
    Map<String, Double> fit(Batch batch);

    /** Metrics on the test split at an epoch end ({@code loss}, {@code mse}, {@code accuracy}...). */
    Map<String, Double> validate(Split test);
}
