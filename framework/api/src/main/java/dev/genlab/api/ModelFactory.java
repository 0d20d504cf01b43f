package dev.genlab.api;

import java.io.IOException;
import java.nio.file.Path;

/** Creates a {@link Model} from its validated parameters. */
public interface ModelFactory<P extends Record> extends PluginFactory<P> {
    /** Builds an untrained model; no data is read here. */
    Model create(P parameters, ModelContext context);

    /**
     * Restores a model written by {@link Model#save(Path)} with the same parameters.
     *
     * @throws UnsupportedOperationException where the plugin cannot restore models
     */
    default Model load(P parameters, ModelContext context, Path directory) throws IOException {
        throw new UnsupportedOperationException("model plugin '" + name() + "' cannot load saved models");
    }
}
