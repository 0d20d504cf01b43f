package dev.genlab.core.testplugin;

import dev.genlab.api.DatasetFactory;
import dev.genlab.api.ModelFactory;
import dev.genlab.api.Plugin;
import java.util.List;

/**
 * A plugin that lives only in test sources and is found through its META-INF/services line, as a third
 * party's would be: proof that adding a model touches no framework file.
 */
public final class TestPlugin implements Plugin {
    /**
     * A spec for these plugins, its experiment named by {@code formatted}: 256 images in batches of 8, 32 steps an
     * epoch, every loss logged.
     */
    public static final String SPEC = """
            experiment: %s
            run: mean-of-bars
            description: Learning the mean bar image.
            seed: 7
            dataset:
              type: bars
              trainSize: 256
              testSize: 64
            model:
              type: mean-image
              initialValue: 0.9
            training:
              epochs: 2
              batchSize: 8
              optimizer:
                name: sgd
                learningRate: 0.05
            tracking:
              logEvery: 1
            """;

    @Override
    public List<DatasetFactory<?>> datasets() {
        return List.of(new BarsDatasetFactory());
    }

    @Override
    public List<ModelFactory<?>> models() {
        return List.of(new MeanImageModelFactory());
    }
}
