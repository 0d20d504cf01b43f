package dev.genlab.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.api.Dataset;
import dev.genlab.api.ImageShape;
import dev.genlab.api.Split;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The scores rank sets of images as a user would: held-out real images best, images of one class only (a
 * collapsed model) worse, noise worst.
 */
class GenerativeEvaluationTest {
    static final ImageShape SHAPE = new ImageShape(1, 12, 12);
    private static EvaluationClassifier classifier;

    @BeforeAll
    static void train() {
        classifier = EvaluationClassifier.train(EvaluationClassifierTest.bars(new Random(1), 800), SHAPE, 4, 2, 7,
                line -> { });
    }

    @Test
    void realImagesScoreBetterThanACollapsedModelWhichScoresBetterThanNoise() {
        GenerativeEvaluation evaluation = new GenerativeEvaluation(classifier, 4,
                EvaluationClassifierTest.bars(new Random(2), 300).features());
        GenerativeScores real = evaluation.score(EvaluationClassifierTest.bars(new Random(3), 300).features());
        GenerativeScores collapsed = evaluation.score(oneClass(EvaluationClassifierTest.bars(new Random(4), 1200)));
        GenerativeScores noise = evaluation.score(Nd4j.rand(DataType.FLOAT, 300, SHAPE.pixels()));

        assertThat(real.frechetDistance()).isLessThan(collapsed.frechetDistance());
        assertThat(collapsed.frechetDistance()).isLessThan(noise.frechetDistance());
        assertThat(real.precision()).isGreaterThan(0.8);
        assertThat(real.recall()).isGreaterThan(0.8);
        assertThat(collapsed.recall()).isLessThan(0.5);
        assertThat(noise.precision()).isLessThan(real.precision());
        assertThat(real.coverage().covered()).isEqualTo(4);
        assertThat(collapsed.coverage().covered()).isEqualTo(1);
        assertThat(real.metrics("score/")).containsKeys("score/fd", "score/precision", "score/recall",
                "score/classes_covered", "score/class_entropy");
    }

    @Test
    void labelAgreementCountsTheImagesJudgedToBeOfTheRequestedClass() {
        Split images = EvaluationClassifierTest.bars(new Random(9), 200);
        GenerativeEvaluation evaluation = new GenerativeEvaluation(classifier, 4, images.features());
        int[] wrong = new int[images.size()];
        for (int i = 0; i < wrong.length; i++) {
            wrong[i] = (images.labels()[i] + 1) % 4;
        }

        assertThat(evaluation.labelAgreement(images.features(), images.labels()))
                .isEqualTo(classifier.accuracy(images)).isGreaterThan(0.9);
        assertThat(evaluation.labelAgreement(images.features(), wrong)).isLessThan(0.1);
    }

    @Test
    void aClassifierTrainedOnSyntheticImagesIsTestedOnTheRealOnes() {
        Split test = EvaluationClassifierTest.bars(new Random(11), 200);
        Split good = EvaluationClassifierTest.bars(new Random(10), 400);
        Split mislabelled = new Split(good.features(), relabelled(good.labels()));

        assertThat(SyntheticTraining.testAccuracy(good, dataset(good, test), line -> { })).isGreaterThan(0.9);
        assertThat(SyntheticTraining.testAccuracy(mislabelled, dataset(mislabelled, test), line -> { }))
                .isLessThan(0.1);
    }

    /** Every label moved to the next class: images that do not show their label. */
    private static int[] relabelled(int[] labels) {
        int[] moved = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            moved[i] = (labels[i] + 1) % 4;
        }
        return moved;
    }

    /** The images of class 0 only, as a model that collapsed onto one mode would draw. */
    private static INDArray oneClass(Split split) {
        List<INDArray> rows = new ArrayList<>();
        for (int i = 0; i < split.size() && rows.size() < 300; i++) {
            if (split.labels()[i] == 0) {
                rows.add(split.features().getRow(i).reshape(1, SHAPE.pixels()));
            }
        }
        return Nd4j.vstack(rows.toArray(INDArray[]::new));
    }

    static Dataset dataset(Split train, Split test) {
        return new Dataset("bars", SHAPE, List.of("top", "bottom", "left", "right"), train, test, "memory",
                "same-digest");
    }
}
