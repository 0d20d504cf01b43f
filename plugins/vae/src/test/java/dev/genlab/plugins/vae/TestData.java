package dev.genlab.plugins.vae;

import dev.genlab.api.Dataset;
import dev.genlab.api.DatasetContext;
import dev.genlab.api.DatasetFactory;
import dev.genlab.api.ImageShape;
import dev.genlab.api.ModelContext;
import dev.genlab.api.Optimizer;
import dev.genlab.api.TrainingSettings;
import dev.genlab.plugins.mnist.MnistParameters;
import dev.genlab.plugins.mnist.MnistPlugin;
import dev.genlab.testing.SharedDatasets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Real MNIST subsets and a model context for tests that use the model without the runner. */
final class TestData {
    static final ImageShape MNIST_SHAPE = new ImageShape(1, 28, 28);

    private static final Map<List<Integer>, Dataset> LOADED = new ConcurrentHashMap<>();

    private TestData() {
    }

    /**
     * The first {@code train} training and {@code test} test images of MNIST, read once from the shared datasets.
     * Callers treat the arrays as read-only.
     */
    static Dataset mnist(int train, int test) {
        return LOADED.computeIfAbsent(List.of(train, test), key -> load(train, test));
    }

    @SuppressWarnings("unchecked")
    private static Dataset load(int train, int test) {
        DatasetFactory<MnistParameters> factory = (DatasetFactory<MnistParameters>) new MnistPlugin().datasets()
                .stream()
                .filter(candidate -> candidate.name().equals("mnist"))
                .findFirst()
                .orElseThrow();
        MnistParameters parameters = new MnistParameters(Optional.of(SharedDatasets.mnist()), Optional.of(train),
                Optional.of(test), false, List.of(), Map.of());
        return factory.create(parameters, new DatasetContext(SharedDatasets.root(), 42, message -> { }));
    }

    /** 64 training and 40 test images: enough for the tests that do not train for long. */
    static Dataset small() {
        return mnist(64, 40);
    }

    /** The first {@code count} (at most 64) training images of {@link #small()}. */
    static INDArray images(int count) {
        return small().train().head(count).features();
    }

    static ModelContext context(double learningRate) {
        return new ModelContext(MNIST_SHAPE, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
                new TrainingSettings(1, 0, 128, Optimizer.adam(learningRate)), 42);
    }

    static VaeModel create(VaeParameters parameters) {
        return (VaeModel) new VaeModelFactory().create(parameters, context(1e-3));
    }
}
