package dev.genlab.plugins.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.genlab.api.ImageShape;
import dev.genlab.support.GraphCalls;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The hand-computed training step against SameDiff's: two copies of one network, one trained by {@code sd.fit} and
 * one by {@link VaeStep}, on the same batches, noise and KL weights, must report the same losses and end with the
 * same weights and optimiser state, for the reference VAE and for the binarized one (Bernoulli likelihood, ReLU
 * after the decoder's dense layer, valid encoder padding, its own decoder channel count).
 */
class VaeStepTest {
    private static final int STEPS = 4;
    private static final int BATCH = 16;

    static List<VaeParameters> networks() {
        return List.of(VaeParameters.DEFAULTS,
                new VaeParameters(8, List.of(8, 16), VaeParameters.Likelihood.BERNOULLI, 1, 0, 10, Optional.of(4),
                        VaeParameters.DecoderActivation.RELU, false, VaeParameters.Padding.VALID));
    }

    @ParameterizedTest
    @MethodSource("networks")
    void trainsAsSameDiffDoes(VaeParameters parameters) {
        ImageShape shape = TestData.MNIST_SHAPE;
        VaeNetwork bySameDiff = VaeNetwork.create(VaeGraph.build(parameters, shape, 5), new Adam(1e-3));
        VaeNetwork byHand = VaeNetwork.create(VaeGraph.build(parameters, shape, 5), new Adam(1e-3));
        // on this machine the step runs (oneDNN loads, ND4J's CPU backend); elsewhere the network trains by SameDiff
        assertThat(VaeStep.covers(shape, 0)).as("the hand-computed step covers the network here").isTrue();
        byHand.trainByHand(parameters, shape);
        INDArray images = TestData.images(64);
        Random noise = new Random(3);
        for (int step = 0; step < STEPS; step++) {
            INDArray batch = images.get(NDArrayIndex.interval(step * BATCH,
                    (step + 1) * BATCH), NDArrayIndex.all());
            INDArray eps = Gaussian.matrix(noise, BATCH, parameters.latentDim());
            // a KL weight below 1, as during a warm-up, so that the term's weight is checked too
            double klWeight = 0.25 + 0.25 * step;
            VaeNetwork.StepLosses expected = bySameDiff.fit(batch, eps, klWeight);
            VaeNetwork.StepLosses actual = byHand.fit(batch, eps, klWeight);
            assertThat(actual.reconstruction()).as("step %d reconstruction", step)
                    .isCloseTo(expected.reconstruction(), within(1e-4 * Math.abs(expected.reconstruction())));
            assertThat(actual.kl()).as("step %d kl", step)
                    .isCloseTo(expected.kl(), within(1e-4 * Math.abs(expected.kl()) + 1e-6));
            assertThat(actual.loss()).as("step %d loss", step)
                    .isCloseTo(expected.loss(), within(1e-4 * Math.abs(expected.loss())));
        }

        SameDiff expectedGraph = bySameDiff.graph();
        SameDiff actualGraph = byHand.graph();
        assertThat(actualGraph.getTrainingConfig().getIterationCount()).isEqualTo(STEPS);
        Map<String, GradientUpdater> expectedState = expectedGraph.getUpdaterMap();
        Map<String, GradientUpdater> actualState = actualGraph.getUpdaterMap();
        assertThat(actualState.keySet()).isEqualTo(expectedState.keySet());
        for (String name : expectedState.keySet()) {
            assertClose(name, actualGraph.getArrForVarName(name), expectedGraph.getArrForVarName(name));
            Map<String, INDArray> actualArrays = state(actualState.get(name));
            for (Map.Entry<String, INDArray> state : state(expectedState.get(name)).entrySet()) {
                assertClose(name + " " + state.getKey(), actualArrays.get(state.getKey()), state.getValue());
            }
        }
    }

    /**
     * Inference through the step's convolutions (forward only, its own plan for another batch size) gives the
     * graph's outputs, on weights and biases that training has moved away from their initial values.
     */
    @ParameterizedTest
    @MethodSource("networks")
    void forwardGivesTheGraphsOutputs(VaeParameters parameters) {
        ImageShape shape = TestData.MNIST_SHAPE;
        VaeNetwork network = VaeNetwork.create(VaeGraph.build(parameters, shape, 5), new Adam(1e-2));
        assertThat(VaeStep.covers(shape, 0)).as("the hand-computed step covers the network here").isTrue();
        network.trainByHand(parameters, shape);
        INDArray images = TestData.images(64);
        Random noise = new Random(4);
        for (int step = 0; step < 3; step++) {
            network.fit(images.get(NDArrayIndex.interval(step * BATCH, (step + 1) * BATCH), NDArrayIndex.all()),
                    Gaussian.matrix(noise, BATCH, parameters.latentDim()), 1);
        }
        INDArray test = images.get(NDArrayIndex.interval(0, 24), NDArrayIndex.all());
        INDArray eps = Gaussian.matrix(noise, 24, parameters.latentDim());
        String[] outputs = VaeStep.FORWARD_OUTPUTS.toArray(String[]::new);
        Map<String, INDArray> placeholders = new HashMap<>();
        placeholders.put(VaeGraph.INPUT, test);
        placeholders.put(VaeGraph.EPS, eps);
        placeholders.put(VaeGraph.KL_WEIGHT, Nd4j.scalar(DataType.FLOAT, 1f));
        Map<String, INDArray> expected = GraphCalls.output(network.graph(), placeholders, outputs);
        Map<String, INDArray> actual = network.forward(test, eps, outputs);
        assertThat(actual.keySet()).containsExactlyInAnyOrder(outputs);
        for (String output : outputs) {
            assertClose(output, actual.get(output), expected.get(output));
        }
    }

    /** Two networks training at once in two threads (as trials in one Spark executor do) each train as alone. */
    @Test
    void networksTrainAtOnceInTwoThreadsAsEachAlone() throws Exception {
        List<Double> alone = train();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<List<Double>> first = threads.submit(VaeStepTest::train);
            Future<List<Double>> second = threads.submit(VaeStepTest::train);
            assertThat(first.get()).isEqualTo(alone);
            assertThat(second.get()).isEqualTo(alone);
        } finally {
            threads.shutdownNow();
        }
    }

    /** The losses of a few steps of the reference network, trained by the hand-computed step from a fixed start. */
    private static List<Double> train() {
        ImageShape shape = TestData.MNIST_SHAPE;
        VaeNetwork network = VaeNetwork.create(VaeGraph.build(VaeParameters.DEFAULTS, shape, 5), new Adam(1e-3));
        network.trainByHand(VaeParameters.DEFAULTS, shape);
        INDArray images = TestData.images(64);
        Random noise = new Random(3);
        List<Double> losses = new ArrayList<>();
        for (int step = 0; step < STEPS; step++) {
            INDArray batch = images.get(NDArrayIndex.interval(step * BATCH, (step + 1) * BATCH), NDArrayIndex.all());
            losses.add(network.fit(batch, Gaussian.matrix(noise, BATCH, VaeParameters.DEFAULTS.latentDim()), 1)
                    .loss());
        }
        return losses;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, INDArray> state(GradientUpdater<?> updater) {
        return updater.getState();
    }

    /** Equal to float rounding: within 1e-4 of the largest magnitude, element by element. */
    private static void assertClose(String what, INDArray actual, INDArray expected) {
        double scale = expected.amaxNumber().doubleValue();
        double difference = actual.reshape(expected.shape()).sub(expected).amaxNumber().doubleValue();
        assertThat(difference).as(what).isLessThanOrEqualTo(1e-4 * scale + 1e-8);
    }
}
