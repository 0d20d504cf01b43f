package dev.genlab.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.api.Batch;
import dev.genlab.api.Dataset;
import dev.genlab.api.Model;
import dev.genlab.api.Split;
import dev.genlab.evaluation.ClassifierCache;
import dev.genlab.evaluation.GenerativeEvaluation;
import dev.genlab.evaluation.GenerativeScores;
import dev.genlab.testing.BoundSpec;
import dev.genlab.testing.GenLabFixture;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The scores rank what a user would on real MNIST: held-out test images are closest to the test images, a VAE
 * trained for a few epochs comes next, the same VAE untrained and uniform noise are far behind. And the evaluation
 * classifier, trained as runs train it on a small subset, is well above chance.
 */
class QualityScoresRankTest {
    private static final int REFERENCE = 300;

    @Test
    void realImagesBeatATrainedModelWhichBeatsAnUntrainedOneAndNoise(@TempDir Path cache) {
        BoundSpec spec = GenLabFixture.create().spec(Cli.repository().resolve("experiments/vae-mnist.yaml"),
                "dataset.trainSubset=3000", "dataset.testSubset=" + 2 * REFERENCE);
        Dataset data = spec.dataset();
        ClassifierCache.Entry classifier = new ClassifierCache(cache).get(data, message -> { });
        assertThat(classifier.testAccuracy()).as("classifier on 3,000 images").isGreaterThan(0.9);

        GenerativeEvaluation evaluation = new GenerativeEvaluation(classifier.classifier(), data.numClasses(),
                rows(data.test(), 0, REFERENCE));
        GenerativeScores real = evaluation.score(rows(data.test(), REFERENCE, 2 * REFERENCE));
        GenerativeScores noise = evaluation.score(Nd4j.rand(DataType.FLOAT, REFERENCE, data.shape().pixels()));
        GenerativeScores untrained;
        GenerativeScores trained;
        try (Model model = spec.createModel()) {
            untrained = evaluation.score(model.generate(REFERENCE, data.test(), 1));
            train(model, data.train(), 4);
            trained = evaluation.score(model.generate(REFERENCE, data.test(), 1));
        }

        assertThat(real.frechetDistance()).isLessThan(trained.frechetDistance());
        assertThat(trained.frechetDistance()).isLessThan(untrained.frechetDistance())
                .isLessThan(noise.frechetDistance());
        // (a VAE's smooth samples can be as precise as real images, so only the untrained model is ranked by it)
        assertThat(trained.precision()).isGreaterThan(untrained.precision());
        assertThat(real.recall()).isGreaterThan(0.8);
        assertThat(real.coverage().covered()).isEqualTo(10);
        assertThat(trained.coverage().covered()).isGreaterThan(untrained.coverage().covered());
    }

    private static void train(Model model, Split train, int epochs) {
        long step = 0;
        Random order = new Random(3);
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (Iterator<Batch> batches = train.shuffledBatches(128, order); batches.hasNext(); ) {
                step++;
                model.stages().get(0).fit(batches.next().at(step, step * 31));
            }
        }
    }

    private static org.nd4j.linalg.api.ndarray.INDArray rows(Split split, int from, int to) {
        return split.features().get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup();
    }
}
