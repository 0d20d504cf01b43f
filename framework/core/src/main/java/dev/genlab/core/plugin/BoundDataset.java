package dev.genlab.core.plugin;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Dataset;
import dev.genlab.api.DatasetContext;
import dev.genlab.api.DatasetFactory;
import dev.genlab.api.DatasetShape;
import java.util.Optional;

/** The dataset plugin a spec chose, with the parameters bound and validated for it. */
public record BoundDataset<P extends Record>(DatasetFactory<P> factory, P parameters) implements BoundPlugin<P> {
    public BoundDataset {
        requireNonNull(factory, "factory is null");
        requireNonNull(parameters, "parameters is null");
    }

    /** The data's shape when the plugin knows it from the parameters alone. */
    public Optional<DatasetShape> shape() {
        return factory.shape(parameters);
    }

    public Dataset create(DatasetContext context) {
        return factory.create(parameters, context);
    }
}
