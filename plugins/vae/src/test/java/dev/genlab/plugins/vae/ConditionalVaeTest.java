package dev.genlab.plugins.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genlab.api.Batch;
import dev.genlab.api.Dataset;
import dev.genlab.api.ModelContext;
import dev.genlab.api.ModelPlan;
import dev.genlab.api.Optimizer;
import dev.genlab.api.TrainingSettings;
import dev.genlab.testing.GenLabFixture;
import dev.genlab.testing.RecordedRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The conditional VAE: images of a requested class, saved and resumed whole, refused without classes. */
class ConditionalVaeTest {
    private static final VaeParameters CONDITIONAL = new VaeParameters(16, List.of(32, 64),
            VaeParameters.Likelihood.GAUSSIAN, 1.0, 0, 5, Optional.empty(), VaeParameters.DecoderActivation.NONE,
            true);

    private final VaeModelFactory factory = new VaeModelFactory();

    @Test
    void theLabelChangesTheImageAndTheSeedFixesIt() {
        VaeModel model = TestData.create(CONDITIONAL);

        INDArray threes = model.generate(new int[] {3, 3}, 5);

        assertThat(model.conditionalClasses()).isEqualTo(10);
        assertThat(threes.shape()).containsExactly(2, 784);
        assertThat(model.generate(new int[] {3, 3}, 5)).isEqualTo(threes);
        assertThat(model.generate(new int[] {4, 4}, 5)).isNotEqualTo(threes);
        assertThatThrownBy(() -> model.generate(new int[] {10}, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("label 10 is not a class of this model (0 to 9)");
        assertThat(TestData.create(VaeParameters.DEFAULTS).conditionalClasses()).isZero();
    }

    @Test
    void aSavedConditionalModelGeneratesAndTrainsOnAsTheOriginal(@TempDir Path directory) throws IOException {
        Dataset data = TestData.small();
        VaeModel model = TestData.create(CONDITIONAL);
        long step = 0;
        for (Batch batch : data.train().batches(32)) {
            model.fit(batch.at(++step, step));
        }

        model.save(directory);
        VaeModel loaded = (VaeModel) factory.load(CONDITIONAL, TestData.context(1e-3), directory);

        int[] labels = {0, 1, 2, 7};
        assertThat(loaded.generate(labels, 9)).isEqualTo(model.generate(labels, 9));
        // the same step from both: equal only if the optimiser's state came back with the weights
        Batch next = data.test().head(16).at(step + 1, 77);
        assertThat(loaded.fit(next)).isEqualTo(model.fit(next));
        assertThat(loaded.generate(labels, 9)).isEqualTo(model.generate(labels, 9));
        assertThat(loaded.validate(data.test())).isEqualTo(model.validate(data.test()));
    }

    @Test
    void theLabelWidensTheTwoDenseLayersOnly() {
        ModelContext context = TestData.context(1e-3);
        ModelPlan plain = factory.plan(VaeParameters.DEFAULTS, context).orElseThrow();
        ModelPlan conditional = factory.plan(CONDITIONAL, context).orElseThrow();

        // encoder: 10 more inputs to 2 x 16 outputs; decoder: 10 more inputs to 7 x 7 x 64
        assertThat(conditional.parameters() - plain.parameters()).isEqualTo(10 * 32 + 10 * 7 * 7 * 64);
        assertThat(TestData.create(CONDITIONAL).network().graph().getVariable("encoder_dense_W").getArr().shape())
                .containsExactly(7 * 7 * 64 + 10, 32);
    }

    @Test
    void aDatasetWithoutClassesIsRefused() {
        ModelContext unlabelled = new ModelContext(TestData.MNIST_SHAPE, List.of(),
                new TrainingSettings(1, 0, 128, Optimizer.adam(1e-3)), 42);

        assertThat(factory.plan(CONDITIONAL, unlabelled).orElseThrow().problems())
                .singleElement().asString().contains("conditional").contains("needs a dataset with classes");
        assertThat(factory.plan(VaeParameters.DEFAULTS, unlabelled).orElseThrow().problems()).isEmpty();
    }

    @Test
    void progressGridHasARowPerClass() {
        VaeModel model = TestData.create(CONDITIONAL);
        RecordedRun log = GenLabFixture.log("grid");

        model.logProgress(log, 0);

        assertThat(log.images("samples")).singleElement().satisfies(image -> {
            assertThat(image.image().getWidth()).isEqualTo(2 + 8 * (2 + 56));
            assertThat(image.image().getHeight()).isEqualTo(2 + 10 * (2 + 56));
        });
    }
}
