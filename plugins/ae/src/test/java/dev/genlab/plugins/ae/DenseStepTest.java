package dev.genlab.plugins.ae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genlab.api.ImageShape;
import dev.genlab.api.ModelContext;
import dev.genlab.api.Optimizer;
import dev.genlab.api.TrainingSettings;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The hand-written step against DL4J's {@code fit}: two copies of one network trained on the same batches, one each
 * way, must end with the same weights, optimiser state, iteration count and losses.
 */
class DenseStepTest {
    private static final int PIXELS = 36;
    private static final List<String> CLASSES = List.of("a", "b", "c", "d");

    @Test
    void referenceAutoencoderTrainsAsFitDoes() {
        assertSameTraining(context -> DenseNetworks.autoencoder(PIXELS, List.of(8), Activation.RELU,
                Activation.SIGMOID, LossFunction.MSE, context), false);
    }

    @Test
    void deeperTanhAutoencoderWithLinearOutputTrainsAsFitDoes() {
        assertSameTraining(context -> DenseNetworks.autoencoder(PIXELS, List.of(12, 5), Activation.TANH,
                Activation.IDENTITY, LossFunction.MSE, context), false);
    }

    @Test
    void sigmoidAutoencoderTrainsAsFitDoes() {
        assertSameTraining(context -> DenseNetworks.autoencoder(PIXELS, List.of(10), Activation.SIGMOID,
                Activation.SIGMOID, LossFunction.MSE, context), false);
    }

    @Test
    void classifierTrainsAsFitDoes() {
        assertSameTraining(context -> DenseNetworks.classifier(PIXELS, List.of(12, 6), Activation.RELU, context),
                true);
    }

    @Test
    void networksItDoesNotCoverTrainThroughFit() {
        ModelContext context = context(Optimizer.adam(1e-2));
        MultiLayerNetwork crossEntropy = DenseNetworks.autoencoder(PIXELS, List.of(8), Activation.RELU,
                Activation.SIGMOID, LossFunction.XENT, context);
        MultiLayerNetwork leaky = DenseNetworks.autoencoder(PIXELS, List.of(8), Activation.LEAKYRELU,
                Activation.SIGMOID, LossFunction.MSE, context);
        assertFalse(DenseStep.of(crossEntropy).handWritten());
        assertFalse(DenseStep.of(leaky).handWritten());
        assertSameTraining(c -> DenseNetworks.autoencoder(PIXELS, List.of(8), Activation.LEAKYRELU,
                Activation.SIGMOID, LossFunction.MSE, c), false, Optimizer.adam(1e-2), false);
    }

    @Test
    void everyOptimiserGivesTheSameSteps() {
        for (Optimizer.Name name : Optimizer.Name.values()) {
            Optimizer optimizer = new Optimizer(name, 1e-2, 0.9, 0.999, 1e-8, 0.9);
            assertSameTraining(context -> DenseNetworks.autoencoder(PIXELS, List.of(8), Activation.RELU,
                    Activation.SIGMOID, LossFunction.MSE, context), false, optimizer, true);
        }
    }

    /**
     * A small step runs on one thread ({@link dev.genlab.support.OneThread}), which puts BLAS on one thread. ND4J's
     * own thread counts, which it sets to one and gives back, cannot be checked here: they are capped at OpenMP's, and
     * this module's tests run with one OpenMP thread.
     */
    @Test
    void aSmallStepRunsBlasOnOneThread() {
        Blas blas = Nd4j.factory().blas();
        int blasThreads = blas.getMaxThreads();
        try {
            blas.setMaxThreads(2);
            assertEquals(2, blas.getMaxThreads());
            MultiLayerNetwork network = DenseNetworks.autoencoder(PIXELS, List.of(8), Activation.RELU,
                    Activation.SIGMOID, LossFunction.MSE, context(Optimizer.adam(1e-2)));
            INDArray features = Nd4j.rand(DataType.FLOAT, 16, PIXELS);
            assertTrue(16L * 8 * PIXELS < DenseStep.MULTI_THREAD_PRODUCT, "a step this small runs on one thread");

            DenseStep.of(network).fit(features, features);

            assertEquals(1, blas.getMaxThreads());
        } finally {
            blas.setMaxThreads(blasThreads);
        }
    }

    private static void assertSameTraining(Function<ModelContext, MultiLayerNetwork> build, boolean classifier) {
        assertSameTraining(build, classifier, Optimizer.adam(1e-2), true);
    }

    private static void assertSameTraining(Function<ModelContext, MultiLayerNetwork> build, boolean classifier,
            Optimizer optimizer, boolean handWritten) {
        MultiLayerNetwork byFit = build.apply(context(optimizer));
        MultiLayerNetwork byHand = build.apply(context(optimizer));
        assertEquals(byFit.params(), byHand.params(), "both copies start from the same weights");
        DenseStep step = DenseStep.of(byHand);
        assertEquals(handWritten, step.handWritten(), "computed by hand");
        // weights set after the step was made (as the SAE hands its encoders to the classifier) are the ones trained
        INDArray handedOver = byFit.getLayer(0).params().mul(0.5);
        byFit.getLayer(0).setParams(handedOver.dup());
        byHand.getLayer(0).setParams(handedOver.dup());
        Nd4j.getRandom().setSeed(7);
        // eight batches of 16, then a smaller one, as an epoch's last batch may be
        int[] sizes = {16, 16, 16, 16, 16, 16, 16, 16, 5};
        for (int i = 0; i < sizes.length; i++) {
            INDArray features = Nd4j.rand(DataType.FLOAT, sizes[i], PIXELS);
            INDArray labels = classifier ? oneHot(sizes[i], i) : features;
            byFit.fit(features, labels);
            double loss = step.fit(features, labels);
            assertEquals(byFit.score(), loss, 1e-5 * Math.max(1, Math.abs(loss)), "loss at step " + i);
        }
        assertEquals(byFit.getIterationCount(), byHand.getIterationCount());
        assertClose(byFit.params(), byHand.params(), "weights");
        assertClose(byFit.getUpdater().getStateViewArray(), byHand.getUpdater().getStateViewArray(),
                "optimiser state");
        INDArray probe = Nd4j.rand(DataType.FLOAT, 3, PIXELS);
        assertClose(byFit.output(probe), byHand.output(probe), "outputs");
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        if (expected == null && actual == null) {
            return;
        }
        double scale = Math.max(1e-3, expected.amaxNumber().doubleValue());
        double difference = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(difference <= 1e-4 * scale, what + " differ by " + difference + " (scale " + scale + ")");
    }

    private static INDArray oneHot(int rows, int seed) {
        INDArray labels = Nd4j.zeros(DataType.FLOAT, rows, CLASSES.size());
        IntStream.range(0, rows).forEach(row -> labels.putScalar(row, (row * 7 + seed) % CLASSES.size(), 1f));
        return labels;
    }

    private static ModelContext context(Optimizer optimizer) {
        return new ModelContext(new ImageShape(1, 6, 6), CLASSES, new TrainingSettings(1, 0, 16, optimizer), 42);
    }
}
