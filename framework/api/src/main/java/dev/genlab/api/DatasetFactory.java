package dev.genlab.api;

/** Creates a {@link Dataset} from its validated parameters. */
public interface DatasetFactory<P extends Record> extends PluginFactory<P> {
    /**
     * Loads (and, where the plugin can, downloads) the data.
     *
     * @throws GenLabException with category {@link GenLabException.Category#DATA} for missing,
     *     truncated or corrupt files, naming the file
     */
    Dataset create(P parameters, DatasetContext context);
}
