package dev.genlab.plugins.vae;

import dev.genlab.api.Dataset;
import dev.genlab.api.ImageShape;
import dev.genlab.api.ModelContext;
import dev.genlab.api.Optimizer;
import dev.genlab.api.TrainingSettings;
import dev.genlab.testing.GenLabFixture;
import java.util.List;
import java.util.Map;
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

    private static Dataset load(int train, int test) {
        return GenLabFixture.create().spec("""
                experiment: tests
                seed: 42
                dataset: {type: mnist, trainSubset: %d, testSubset: %d, download: false}
                model: vae
                training: {epochs: 1}
                tracking: {uri: none}
                """.formatted(train, test)).dataset();
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
