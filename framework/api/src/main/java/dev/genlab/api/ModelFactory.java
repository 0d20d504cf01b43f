package dev.genlab.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Creates a {@link Model} from its validated parameters. */
public interface ModelFactory<P extends Record> extends PluginFactory<P> {
    /**
     * Works out, without building anything, what the model would be for the data {@code context} describes: its
     * parameters, largest array and values per example, or the problems that data makes ({@code "filters: 3
     * stride-2 layers need image sides divisible by 8"}). The runner calls it before a run opens, at
     * {@code genlab validate} when the dataset plugin knows its shape from its parameters, and refuses a model
     * that cannot fit in memory with the numbers. Empty (the default) where the plugin cannot tell: its model is
     * then built unchecked.
     */
    default Optional<ModelPlan> plan(P parameters, ModelContext context) {
        return Optional.empty();
    }

    /**
     * True when this plugin's models make images by reconstructing the inputs {@link Model#generate} is given (an
     * autoencoder) rather than by sampling: they make at most as many images as there are inputs, so
     * {@code genlab sample} asks for no more than the test split holds.
     */
    default boolean reconstructs() {
        return false;
    }

    /** Builds an untrained model; no data is read here. */
    Model create(P parameters, ModelContext context);

    /**
     * Restores a model written by {@link Model#save(Path)} with the same parameters, ready to generate and to
     * continue training where it stopped: a checkpoint is such a save, so optimiser state and any counter the
     * training depends on must come back too ({@code genlab run --resume} gives the same result as a run that
     * was never interrupted).
     *
     * @throws UnsupportedOperationException where the plugin cannot restore models
     */
    default Model load(P parameters, ModelContext context, Path directory) throws IOException {
        throw new UnsupportedOperationException("model plugin '" + name() + "' cannot load saved models");
    }
}
