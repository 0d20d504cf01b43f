package dev.genlab.plugins.gan;

import dev.genlab.api.ImageShape;
import dev.genlab.api.Optimizer;
import java.util.List;
import org.nd4j.linalg.factory.Nd4j;

/** The DCGANs the oneDNN passes are checked on: the reference one and a narrow one, on MNIST's 28x28 images. */
final class TestNetworks {
    private TestNetworks() {
    }

    static List<GanParameters> referenceAndNarrow() {
        return List.of(GanParameters.DEFAULTS, new GanParameters(32, 8, 4, 0.4, 0.3, 0.9, 8));
    }

    /** A DCGAN of {@code parameters} on MNIST's images, its weights drawn after seeding ND4J with {@code seed}. */
    static Dcgan dcgan(GanParameters parameters, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return new Dcgan(new Architecture(parameters, new ImageShape(1, 28, 28)), Optimizer.adam(1e-3));
    }
}
