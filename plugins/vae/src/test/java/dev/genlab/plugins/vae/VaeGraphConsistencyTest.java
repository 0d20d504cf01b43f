package dev.genlab.plugins.vae;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An output of the graph does not depend on which other outputs are asked for, nor on the calls before. ND4J
 * 1.0.0-M2.1 broke this when the encoder used {@code sd.nn().linear} (see {@link VaeGraph}): the same inputs gave
 * other means on every second call.
 */
class VaeGraphConsistencyTest {
    private static final List<String> OUTPUTS = List.of(VaeGraph.MEAN, VaeGraph.LOG_VARIANCE, VaeGraph.OUTPUT,
            VaeGraph.RECONSTRUCTION_PER_IMAGE, VaeGraph.KL_PER_IMAGE);

    @Test
    void outputsAgreeWhetherAskedAloneOrTogether() {
        VaeNetwork network = TestData.create(VaeParameters.DEFAULTS).network();
        INDArray images = TestData.images(8);
        INDArray eps = Gaussian.matrix(new Random(1), 8, 16);
        Map<String, INDArray> together = network.forward(images, eps, OUTPUTS.toArray(String[]::new));

        for (int round = 0; round < 2; round++) {
            for (String name : OUTPUTS) {
                assertThat(difference(network.forward(images, eps, name).get(name), together.get(name)))
                        .as(name + ", round " + round).isLessThan(1e-5);
            }
            assertThat(difference(network.forward(images, eps, VaeGraph.MEAN, VaeGraph.OUTPUT).get(VaeGraph.MEAN),
                    together.get(VaeGraph.MEAN))).isLessThan(1e-5);
        }
        INDArray decodedMean = network.decode(together.get(VaeGraph.MEAN));
        assertThat(difference(network.reconstruct(images), decodedMean)).isLessThan(1e-5);
    }

    private static double difference(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }
}
