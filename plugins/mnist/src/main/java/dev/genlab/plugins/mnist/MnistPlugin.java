package dev.genlab.plugins.mnist;

import dev.genlab.api.DatasetFactory;
import dev.genlab.api.Plugin;
import java.util.List;

/** Contributes the {@code mnist} and {@code fashion-mnist} datasets, which share one reader and downloader. */
public final class MnistPlugin implements Plugin {
    @Override
    public List<DatasetFactory<?>> datasets() {
        return List.of(new MnistDatasetFactory(Variant.MNIST), new MnistDatasetFactory(Variant.FASHION_MNIST));
    }
}
