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
    @Override
    public List<DatasetFactory<?>> datasets() {
        return List.of(new BarsDatasetFactory());
    }

    @Override
    public List<ModelFactory<?>> models() {
        return List.of(new MeanImageModelFactory());
    }
}
