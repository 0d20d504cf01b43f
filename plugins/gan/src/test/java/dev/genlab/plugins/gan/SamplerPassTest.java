package dev.genlab.plugins.gan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.support.GraphCalls;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The generator's inference on oneDNN against the sampler graph: the same images for the same z, with every bias,
 * batch-norm scale and shift and moving statistic moved off its initial value, for the reference DCGAN and a narrow
 * one.
 */
class SamplerPassTest {
    @ParameterizedTest
    @MethodSource("dev.genlab.plugins.gan.TestNetworks#networks")
    void givesWhatTheSamplerGraphGives(TestNetworks.Network network) {
        Dcgan gan = network.dcgan(13);
        Architecture architecture = network.architecture();
        GanParameters parameters = network.parameters();
        gan.weights().wholeGenerator().forEach((name, array) -> {
            if (!name.endsWith("_W")) {
                // positive for the variances, around the initial values for the rest
                array.addi(Nd4j.rand(DataType.FLOAT, array.shape()).muli(0.5));
            }
        });
        INDArray z = Nd4j.rand(DataType.FLOAT, 10, parameters.latentDim()).muli(2).subi(1);
        INDArray condition = network.condition(10);
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(DcganGraphs.Z, z);
        network.feed(feed, condition);
        INDArray expected = GraphCalls.output(gan.samplerGraph(), feed, DcganGraphs.SAMPLES).get(DcganGraphs.SAMPLES);

        assertThat(SamplerPass.covers(architecture)).as("the pass covers the network here").isTrue();
        INDArray actual;
        try (SamplerPass pass = new SamplerPass(architecture, 10)) {
            actual = pass.sample(z, condition, gan.weights().wholeGenerator());
        }

        assertThat(actual.shape()).isEqualTo(expected.shape());
        double difference = actual.sub(expected).amaxNumber().doubleValue();
        assertThat(difference).isLessThanOrEqualTo(1e-4);
        // and the DCGAN samples through it
        assertThat(gan.sample(z, condition).sub(expected).amaxNumber().doubleValue()).isLessThanOrEqualTo(1e-4);
    }
}
