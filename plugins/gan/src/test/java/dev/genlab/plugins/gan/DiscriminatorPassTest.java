package dev.genlab.plugins.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.genlab.support.GraphCalls;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The discriminator's training pass on oneDNN against the discriminator graph's: on the same images, labels, dropout
 * masks and weights (biases moved off zero), the same loss, P(real) and gradient of every weight, for the reference
 * DCGAN and a narrow one.
 */
class DiscriminatorPassTest {
    private static final int BATCH = 12;

    @ParameterizedTest
    @MethodSource("dev.genlab.plugins.gan.TestNetworks#networks")
    void givesWhatTheGraphGives(TestNetworks.Network network) {
        Dcgan gan = network.dcgan(11);
        Architecture architecture = network.architecture();
        GanParameters parameters = network.parameters();
        Map<String, INDArray> weights = gan.weights().discriminator();
        TestNetworks.moveOffStart(weights);
        INDArray images = Nd4j.rand(DataType.FLOAT, BATCH, architecture.image().pixels());
        INDArray labels = Nd4j.vstack(Nd4j.ones(DataType.FLOAT, BATCH / 2, 1), Nd4j.zeros(DataType.FLOAT, BATCH / 2, 1));
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(DcganGraphs.IMAGES, images);
        feed.put(DcganGraphs.LABELS, labels);
        INDArray condition = network.condition(BATCH);
        network.feed(feed, condition);
        List<INDArray> masks = TestNetworks.discriminatorMasks(architecture, BATCH, feed, "d");
        OutAndGrad expected = GraphCalls.gradientsAndOutputs(gan.discriminatorGraph(), feed,
                List.of(DcganGraphs.D_LOSS, DcganGraphs.D_TRAIN_PROBABILITY), weights.keySet());

        assertThat(DiscriminatorPass.covers(architecture)).as("the pass covers the network here").isTrue();
        DiscriminatorPass.Result actual;
        try (DiscriminatorPass pass = new DiscriminatorPass(architecture, BATCH)) {
            actual = pass.run(images, condition, labels, masks, weights);
        }

        double loss = expected.getOutputs().get(DcganGraphs.D_LOSS).getDouble(0);
        assertThat(actual.loss()).isCloseTo(loss, within(1e-5 * Math.abs(loss)));
        TestNetworks.assertClose("probabilities", actual.probabilities(),
                expected.getOutputs().get(DcganGraphs.D_TRAIN_PROBABILITY));
        assertThat(actual.gradients().keySet()).isEqualTo(weights.keySet());
        for (String name : weights.keySet()) {
            TestNetworks.assertClose(name, actual.gradients().get(name), expected.getGradients().get(name));
        }
    }
}
