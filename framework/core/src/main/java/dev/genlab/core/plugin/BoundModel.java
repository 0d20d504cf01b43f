package dev.genlab.core.plugin;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Model;
import dev.genlab.api.ModelContext;
import dev.genlab.api.ModelFactory;
import dev.genlab.api.ModelPlan;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** The model plugin a spec chose, with the parameters bound and validated for it: used as is, never looked up. */
public record BoundModel<P extends Record>(ModelFactory<P> factory, P parameters) implements BoundPlugin<P> {
    public BoundModel {
        requireNonNull(factory, "factory is null");
        requireNonNull(parameters, "parameters is null");
    }

    public Optional<ModelPlan> plan(ModelContext context) {
        return factory.plan(parameters, context);
    }

    public Model create(ModelContext context) {
        return factory.create(parameters, context);
    }

    public Model load(ModelContext context, Path directory) throws IOException {
        return factory.load(parameters, context, directory);
    }

    public boolean reconstructs() {
        return factory.reconstructs();
    }
}
