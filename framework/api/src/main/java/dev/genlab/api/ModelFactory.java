package dev.genlab.api;

import java.io.IOException;
import java.nio.file.Path;

/** Creates a {@link Model} from its validated parameters. */
public interface ModelFactory<P extends Record> extends PluginFactory<P> {
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
