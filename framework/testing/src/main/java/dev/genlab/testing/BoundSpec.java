package dev.genlab.testing;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Dataset;
import dev.genlab.api.DatasetContext;
import dev.genlab.api.Model;
import dev.genlab.api.ModelContext;
import dev.genlab.api.TrainingSettings;
import dev.genlab.core.spec.ExperimentConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A bound spec as a test sees it: its values, and its data loaded and its model built as the runner does, without
 * the runner's loop (to look at a model's weights, save and load it, or call it by hand).
 */
public final class BoundSpec {
    private final ExperimentConfig config;
    private final Path dataRoot;
    private Dataset dataset;

    BoundSpec(ExperimentConfig config, Path dataRoot) {
        this.config = requireNonNull(config, "config is null");
        this.dataRoot = requireNonNull(dataRoot, "dataRoot is null");
    }

    public String runName() {
        return config.runName();
    }

    public Optional<String> description() {
        return config.description();
    }

    public long seed() {
        return config.seed();
    }

    public String modelType() {
        return config.model().type();
    }

    public String datasetType() {
        return config.dataset().type();
    }

    public Record modelParameters() {
        return config.model().parameters();
    }

    public Record datasetParameters() {
        return config.dataset().parameters();
    }

    public TrainingSettings training() {
        return config.training().settings();
    }

    /** {@code tracking.imageEvery}. */
    public int imageEvery() {
        return config.tracking().imageEvery();
    }

    /** The spec with every default written out, as {@code genlab validate} prints it. */
    public String resolvedYaml() {
        return config.resolvedYaml();
    }

    /** The spec's data, loaded once. */
    public synchronized Dataset dataset() {
        if (dataset == null) {
            dataset = config.dataset().create(new DatasetContext(dataRoot, config.seed(), message -> { }));
        }
        return dataset;
    }

    public ModelContext context() {
        Dataset data = dataset();
        return new ModelContext(data.shape(), data.classes(), config.training().settings(), config.seed());
    }

    /** An untrained model, after seeding ND4J as the runner does. */
    public Model createModel() {
        ModelContext context = context();
        Nd4j.getRandom().setSeed(config.seed());
        return config.model().create(context);
    }

    public Model loadModel(Path directory) throws IOException {
        return config.model().load(context(), directory);
    }
}
