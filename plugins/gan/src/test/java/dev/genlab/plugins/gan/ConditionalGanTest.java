package dev.genlab.plugins.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genlab.api.Batch;
import dev.genlab.api.ImageShape;
import dev.genlab.api.ModelContext;
import dev.genlab.api.Optimizer;
import dev.genlab.api.TrainingSettings;
import dev.genlab.testing.GenLabFixture;
import dev.genlab.testing.RecordedRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The conditional DCGAN: images of a requested class, saved and resumed whole, refused without classes. */
class ConditionalGanTest {
    private static final GanParameters NARROW = new GanParameters(32, 8, 4, 0.4, 0.3, 0.9, 4, true);
    private static final TrainingSettings TRAINING = new TrainingSettings(0, 10, 16, Optimizer.adam(4e-4));
    private static final ModelContext CONTEXT = new ModelContext(new ImageShape(1, 28, 28),
            List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), TRAINING, 42);

    private final GanModelFactory factory = new GanModelFactory();

    @Test
    void aSavedConditionalModelGeneratesJudgesAndTrainsOnAsTheOriginal(@TempDir Path directory) throws IOException {
        Nd4j.getRandom().setSeed(1);
        GanModel trained = (GanModel) factory.create(NARROW, CONTEXT);
        Batch batch = new Batch(Nd4j.rand(DataType.FLOAT, 16, 784), new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2,
            3, 4, 5});
        for (int step = 1; step <= 3; step++) {
            Nd4j.getRandom().setSeed(step);
            trained.fit(batch.at(step, step));
        }
        trained.save(directory);

        Nd4j.getRandom().setSeed(2);
        GanModel loaded = (GanModel) factory.load(NARROW, CONTEXT, directory);

        int[] labels = {0, 5, 9};
        INDArray samples = trained.generate(labels, 99);
        assertThat(samples.shape()).containsExactly(3, 784);
        assertThat(loaded.generate(labels, 99)).isEqualTo(samples);
        assertThat(trained.generate(new int[] {1, 6, 8}, 99)).isNotEqualTo(samples);
        INDArray condition = Nd4j.eye(10).getRows(labels).castTo(DataType.FLOAT);
        assertThat(loaded.gan().judge(samples, condition)).isEqualTo(trained.gan().judge(samples, condition));
        // the same step from both: equal only if both optimisers' state came back
        Nd4j.getRandom().setSeed(4);
        Map<String, Double> original = trained.fit(batch.at(4, 4));
        Nd4j.getRandom().setSeed(4);
        assertThat(loaded.fit(batch.at(4, 4))).isEqualTo(original);
    }

    @Test
    void theProjectionJudgesTheImageWithItsLabel() {
        Nd4j.getRandom().setSeed(1);
        GanModel model = (GanModel) factory.create(NARROW, CONTEXT);
        INDArray images = Nd4j.rand(DataType.FLOAT, 2, 784);

        INDArray asZeros = model.gan().judge(images, Nd4j.eye(10).getRows(0, 0).castTo(DataType.FLOAT));
        INDArray asOnes = model.gan().judge(images, Nd4j.eye(10).getRows(1, 1).castTo(DataType.FLOAT));

        assertThat(asZeros).isNotEqualTo(asOnes);
        assertThat(model.conditionalClasses()).isEqualTo(10);
        assertThatThrownBy(() -> model.generate(new int[] {-1}, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theProgressGridHasARowPerClassAndTheModelNeedsClasses() {
        GanModel model = (GanModel) factory.create(NARROW, CONTEXT);
        RecordedRun log = GenLabFixture.log("grid");

        model.logProgress(log, 0);

        assertThat(log.images("samples")).singleElement().satisfies(image -> {
            assertThat(image.image().getWidth()).isEqualTo(2 + 4 * (2 + 56));
            assertThat(image.image().getHeight()).isEqualTo(2 + 10 * (2 + 56));
        });
        ModelContext unlabelled = new ModelContext(new ImageShape(1, 28, 28), List.of(), TRAINING, 42);
        assertThat(factory.plan(NARROW, unlabelled).orElseThrow().problems()).singleElement().asString()
                .contains("conditional").contains("needs a dataset with classes");
    }
}
