package dev.genlab.plugins.ae;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Dataset;
import dev.genlab.api.DatasetContext;
import dev.genlab.api.DatasetFactory;
import dev.genlab.api.Model;
import dev.genlab.api.ModelContext;
import dev.genlab.api.ModelFactory;
import dev.genlab.core.spec.ExperimentConfig;
import dev.genlab.testing.SharedDatasets;
import java.io.IOException;
import java.nio.file.Path;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A bound spec taken apart for tests that drive a model by hand (to look at its weights or save it): the dataset
 * loaded and the model built as the runner does, without the runner's loop.
 */
final class Experiment {
    private final ExperimentConfig config;
    private final Dataset dataset;
    private final ModelContext context;

    private Experiment(ExperimentConfig config) {
        this.config = requireNonNull(config, "config is null");
        this.dataset = load(config);
        this.context = new ModelContext(dataset.shape(), dataset.classes(), config.training().settings(),
                config.seed());
    }

    static Experiment of(String spec, String... overrides) {
        return new Experiment(Specs.bind(spec, overrides));
    }

    Dataset dataset() {
        return dataset;
    }

    ModelContext context() {
        return context;
    }

    Model createModel() {
        Nd4j.getRandom().setSeed(config.seed());
        return create(factory(), config.model().parameters(), context);
    }

    Model loadModel(Path directory) throws IOException {
        return load(factory(), config.model().parameters(), context, directory);
    }

    private ModelFactory<?> factory() {
        return Specs.registry().models().get(config.model().type());
    }

    private static Dataset load(ExperimentConfig config) {
        DatasetFactory<?> factory = Specs.registry().datasets().get(config.dataset().type());
        return create(factory, config.dataset().parameters(),
                new DatasetContext(SharedDatasets.root(), config.seed(), message -> { }));
    }

    private static <P extends Record> Dataset create(DatasetFactory<P> factory, Record parameters,
            DatasetContext context) {
        return factory.create(factory.parametersType().cast(parameters), context);
    }

    private static <P extends Record> Model create(ModelFactory<P> factory, Record parameters, ModelContext context) {
        return factory.create(factory.parametersType().cast(parameters), context);
    }

    private static <P extends Record> Model load(ModelFactory<P> factory, Record parameters, ModelContext context,
            Path directory) throws IOException {
        return factory.load(factory.parametersType().cast(parameters), context, directory);
    }
}
