package dev.genlab.plugins.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.genlab.plugins.gan.GanWeights.Names;
import dev.genlab.support.GraphCalls;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The generator's training pass on oneDNN against the adversarial graph's: on the same latent vectors, dropout masks
 * and weights (biases, gammas and betas moved off their starting values), the same loss, batch statistics and
 * gradient of every generator weight, for the reference DCGAN and a narrow one.
 */
class GeneratorPassTest {
    private static final int BATCH = 12;

    @ParameterizedTest
    @MethodSource("dev.genlab.plugins.gan.TestNetworks#networks")
    void givesWhatTheGraphGives(TestNetworks.Network network) {
        Dcgan gan = network.dcgan(12);
        Architecture architecture = network.architecture();
        GanParameters parameters = network.parameters();
        Map<String, INDArray> generator = gan.weights().generator();
        Map<String, INDArray> discriminator = gan.weights().discriminator();
        TestNetworks.moveOffStart(generator);
        TestNetworks.moveOffStart(discriminator);
        INDArray z = Nd4j.randn(DataType.FLOAT, BATCH, architecture.latent());
        INDArray generatorMask = Dcgan.dropoutMask(parameters.dropout(), BATCH, architecture.seedMap());
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(DcganGraphs.Z, z);
        feed.put(DcganGraphs.G_MASK, generatorMask);
        INDArray condition = network.condition(BATCH);
        network.feed(feed, condition);
        List<INDArray> masks = TestNetworks.discriminatorMasks(architecture, BATCH, feed, "a");
        List<String> outputs = new ArrayList<>(DcganGraphs.batchStatistics());
        outputs.add(DcganGraphs.G_LOSS);
        OutAndGrad expected = GraphCalls.gradientsAndOutputs(gan.adversarialGraph(), feed, outputs,
                generator.keySet());

        assertThat(GeneratorPass.covers(architecture)).as("the pass covers the network here").isTrue();
        GeneratorPass.Result actual;
        try (GeneratorPass pass = new GeneratorPass(architecture, BATCH)) {
            actual = pass.run(z, condition, generatorMask, masks, generator, discriminator);
        }

        double loss = expected.getOutputs().get(DcganGraphs.G_LOSS).getDouble(0);
        assertThat(actual.loss()).isCloseTo(loss, within(1e-5 * Math.abs(loss)));
        assertThat(actual.statistics().keySet()).containsExactlyInAnyOrderElementsOf(DcganGraphs.batchStatistics());
        for (String name : DcganGraphs.batchStatistics()) {
            TestNetworks.assertClose(name, actual.statistics().get(name), expected.getOutputs().get(name));
        }
        assertThat(actual.gradients().keySet()).isEqualTo(generator.keySet());
        // a bias that batch norm follows has a gradient of zero but for rounding, in the graph and in the pass
        Set<String> normalisedBiases = Set.of(Names.G_DENSE_B, Names.deconvB(1), Names.deconvB(2));
        double scale = expected.getGradients().get(Names.beta(1)).amaxNumber().doubleValue();
        for (String name : generator.keySet()) {
            if (normalisedBiases.contains(name)) {
                assertThat(actual.gradients().get(name).amaxNumber().doubleValue()).as(name)
                        .isLessThan(1e-4 * scale);
                assertThat(expected.getGradients().get(name).amaxNumber().doubleValue()).as(name)
                        .isLessThan(1e-4 * scale);
            } else {
                TestNetworks.assertClose(name, actual.gradients().get(name), expected.getGradients().get(name));
            }
        }
    }
}
