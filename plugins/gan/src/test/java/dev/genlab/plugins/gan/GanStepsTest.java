package dev.genlab.plugins.gan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.api.ImageShape;
import dev.genlab.api.Optimizer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Each training step moves its own network only: the discriminator is frozen while the generator learns. */
class GanStepsTest {
    private static final int BATCH = 16;
    private static final GanParameters NARROW = new GanParameters(32, 8, 4, 0.4, 0.3, 0.9, 8);
    private static final Set<String> BIASES_BEFORE_BATCH_NORM = Set.of("g_dense_b", "g_deconv1_b", "g_deconv2_b");

    private Dcgan gan;

    @BeforeEach
    void createGan() {
        Nd4j.getRandom().setSeed(7);
        gan = new Dcgan(new Architecture(NARROW, new ImageShape(1, 28, 28)), Optimizer.adam(1e-3));
    }

    @Test
    void discriminatorStepTrainsTheDiscriminatorOnly() {
        Map<String, INDArray> generator = copy(gan.weights().wholeGenerator());
        Map<String, INDArray> discriminator = copy(gan.weights().discriminator());

        gan.trainDiscriminator(images(), labels());

        gan.weights().discriminator().forEach((name, array) ->
                assertThat(identical(array, discriminator.get(name))).as(name).isFalse());
        gan.weights().wholeGenerator().forEach((name, array) ->
                assertThat(identical(array, generator.get(name))).as(name).isTrue());
    }

    @Test
    void discriminatorLearnsToTellItsBatchApart() {
        INDArray images = images();
        double first = gan.trainDiscriminator(images, labels()).loss();
        double last = trainDiscriminator(images, 50);

        assertThat(last).isLessThan(0.6 * first);
    }

    @Test
    void generatorStepLeavesTheDiscriminatorUnchanged() {
        Map<String, INDArray> generator = copy(gan.weights().wholeGenerator());
        Map<String, INDArray> discriminator = copy(gan.weights().discriminator());

        gan.trainGenerator(latent());

        gan.weights().discriminator().forEach((name, array) ->
                assertThat(identical(array, discriminator.get(name))).as(name).isTrue());
        // the generator learns through the frozen discriminator and batch norm's moving statistics follow; the
        // biases just before a batch norm have no gradient, as batch norm cancels any constant shift
        gan.weights().wholeGenerator().forEach((name, array) -> {
            if (!BIASES_BEFORE_BATCH_NORM.contains(name)) {
                assertThat(identical(array, generator.get(name))).as(name).isFalse();
            }
        });
    }

    @Test
    void generatorLearnsToFoolTheDiscriminator() {
        trainDiscriminator(images(), 50);
        INDArray z = latent();
        double first = gan.trainGenerator(z);
        double last = first;
        for (int step = 0; step < 30; step++) {
            last = gan.trainGenerator(z);
        }

        assertThat(last).isLessThan(0.6 * first);
    }

    private double trainDiscriminator(INDArray images, int steps) {
        double loss = Double.NaN;
        for (int step = 0; step < steps; step++) {
            loss = gan.trainDiscriminator(images, labels()).loss();
        }
        return loss;
    }

    /** Half real-looking (random strokes), half generated, as a discriminator step sees them. */
    private INDArray images() {
        INDArray real = Nd4j.rand(DataType.FLOAT, BATCH, 784).gt(0.8).castTo(DataType.FLOAT);
        return Nd4j.vstack(real, gan.sample(latent()));
    }

    private static INDArray labels() {
        return Nd4j.vstack(Nd4j.ones(DataType.FLOAT, BATCH, 1), Nd4j.zeros(DataType.FLOAT, BATCH, 1));
    }

    private static INDArray latent() {
        return Nd4j.rand(DataType.FLOAT, BATCH, 32).muli(2).subi(1);
    }

    /** Bit for bit: INDArray's equals allows a difference of 1e-5. */
    private static boolean identical(INDArray a, INDArray b) {
        return java.util.Arrays.equals(a.shape(), b.shape())
                && java.util.Arrays.equals(a.dup().data().asFloat(), b.dup().data().asFloat());
    }

    private static Map<String, INDArray> copy(Map<String, INDArray> arrays) {
        Map<String, INDArray> copies = new LinkedHashMap<>();
        arrays.forEach((name, array) -> copies.put(name, array.dup()));
        return copies;
    }
}
