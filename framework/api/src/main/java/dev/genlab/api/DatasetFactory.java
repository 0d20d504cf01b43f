package dev.genlab.api;

import java.util.Optional;

/** Creates a {@link Dataset} from its validated parameters. */
public interface DatasetFactory<P extends Record> extends PluginFactory<P> {
    /**
     * Loads (and, where the plugin can, downloads) the data.
     *
     * @throws GenLabException with category {@link GenLabException.Category#DATA} for missing,
     *     truncated or corrupt files, naming the file
     */
    Dataset create(P parameters, DatasetContext context);

    /**
     * The shape of what {@link #create} would return (image shape, classes, split sizes), known from the parameters
     * alone, so that models are sized when the spec is validated, before any data is read. Empty (the default)
     * where only reading the data tells; models are then sized once it is loaded, before training.
     */
    default Optional<DatasetShape> shape(P parameters) {
        return Optional.empty();
    }
}
