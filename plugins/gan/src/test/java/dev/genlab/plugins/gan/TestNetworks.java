package dev.genlab.plugins.gan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.api.ImageShape;
import dev.genlab.api.Optimizer;
import dev.genlab.support.ClassLabels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The DCGANs the oneDNN passes are checked on, on MNIST's 28x28 images: the reference one, a narrow one, and a narrow
 * conditional one (ten classes).
 */
final class TestNetworks {
    private TestNetworks() {
    }

    /** A DCGAN of {@code parameters} taking {@code classes} classes (0: unconditional). */
    record Network(GanParameters parameters, int classes) {
        Architecture architecture() {
            return new Architecture(parameters, new ImageShape(1, 28, 28), classes);
        }

        /** The DCGAN, its weights drawn after seeding ND4J with {@code seed}. */
        Dcgan dcgan(long seed) {
            Nd4j.getRandom().setSeed(seed);
            return new Dcgan(architecture(), Optimizer.adam(1e-3));
        }

        /** The classes of {@code n} images, each in turn, one-hot; null for an unconditional DCGAN. */
        INDArray condition(int n) {
            return classes == 0 ? null : ClassLabels.oneHot(ClassLabels.cycled(classes, n), classes);
        }

        /** Puts {@code condition} into a graph's {@code feed}, where the DCGAN takes one. */
        void feed(Map<String, INDArray> feed, INDArray condition) {
            if (condition != null) {
                feed.put(DcganGraphs.CONDITION, condition);
            }
        }

        @Override
        public String toString() {
            return (classes == 0 ? "" : "conditional ") + (parameters.equals(GanParameters.DEFAULTS) ? "reference"
                    : "narrow");
        }
    }

    static List<Network> networks() {
        GanParameters narrow = new GanParameters(32, 8, 4, 0.4, 0.3, 0.9, 8);
        return List.of(new Network(GanParameters.DEFAULTS, 0), new Network(narrow, 0), new Network(narrow, 10));
    }

    /**
     * Moves the biases and batch-norm shifts of {@code weights} off zero (uniform in [-0.5, 0.5)) and the batch-norm
     * scales off one (uniform in [0.5, 1.5)), in place, so that a pass that dropped or misplaced one would show it.
     */
    static void moveOffStart(Map<String, INDArray> weights) {
        weights.forEach((name, array) -> {
            if (name.endsWith("_b") || name.endsWith("_beta")) {
                array.assign(Nd4j.rand(DataType.FLOAT, array.shape()).subi(0.5));
            } else if (name.endsWith("_gamma")) {
                array.assign(Nd4j.rand(DataType.FLOAT, array.shape()).addi(0.5));
            }
        });
    }

    /**
     * Fresh dropout masks for the discriminator's three convolutions over {@code n} images, also put into {@code feed}
     * under the names the graph {@code graph} ("d" or "a") reads them by.
     */
    static List<INDArray> discriminatorMasks(Architecture architecture, int n, Map<String, INDArray> feed,
            String graph) {
        List<INDArray> masks = new ArrayList<>();
        for (int block = 0; block < 3; block++) {
            INDArray mask = Dcgan.dropoutMask(architecture.parameters().dropout(), n,
                    architecture.discriminatorMap(block));
            masks.add(mask);
            feed.put(DcganGraphs.discriminatorMask(graph, block), mask);
        }
        return masks;
    }

    /** Equal to float rounding: within 1e-4 of {@code expected}'s largest magnitude, element by element. */
    static void assertClose(String what, INDArray actual, INDArray expected) {
        double scale = expected.amaxNumber().doubleValue();
        double difference = actual.reshape(expected.shape()).sub(expected).amaxNumber().doubleValue();
        assertThat(difference).as(what).isLessThanOrEqualTo(1e-4 * scale + 1e-8);
    }
}
