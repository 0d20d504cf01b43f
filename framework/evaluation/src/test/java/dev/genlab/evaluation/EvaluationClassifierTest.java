package dev.genlab.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.api.ImageShape;
import dev.genlab.api.Split;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The classifier on four classes of synthetic 12x12 images (a bar along one of the four edges, in noise): it must
 * learn them, give one feature row per image, and read back what it saved. Its accuracy on MNIST and Fashion-MNIST
 * is checked in framework/dist, where the dataset plugin is.
 */
class EvaluationClassifierTest {
    private static final ImageShape SHAPE = new ImageShape(1, 12, 12);

    @Test
    void learnsSeparableClassesAndKeepsWhatItSaved(@TempDir Path directory) throws Exception {
        Split train = bars(new Random(1), 800);
        Split test = bars(new Random(2), 200);
        List<String> progress = new ArrayList<>();
        EvaluationClassifier classifier = EvaluationClassifier.train(train, SHAPE, 4, 2, 7, progress::add);

        assertThat(classifier.accuracy(test)).isGreaterThanOrEqualTo(0.95);
        assertThat(progress).hasSize(2).last().asString().startsWith("evaluation classifier: epoch 2/2");
        double[][] features = classifier.features(test.features());
        assertThat(features).hasNumberOfRows(200);
        assertThat(features[0]).hasSize(EvaluationClassifier.FEATURES);

        classifier.save(directory);
        EvaluationClassifier loaded = EvaluationClassifier.load(directory);
        assertThat(loaded.predict(test.features())).containsExactly(classifier.predict(test.features()));
        assertThat(loaded.features(test.features())[5]).containsExactly(features[5]);
    }

    @Test
    void anUntrainedClassifierIsNearChance() {
        Split test = bars(new Random(3), 400);
        EvaluationClassifier classifier = EvaluationClassifier.train(bars(new Random(4), 8), SHAPE, 4, 0, 7,
                line -> { });
        assertThat(classifier.accuracy(test)).isLessThan(0.6);
    }

    /** Images whose class (0-3) is the edge holding a bright bar: top, bottom, left or right. */
    static Split bars(Random random, int count) {
        float[] pixels = new float[count * SHAPE.pixels()];
        int[] labels = new int[count];
        for (int n = 0; n < count; n++) {
            labels[n] = n % 4;
            for (int y = 0; y < 12; y++) {
                for (int x = 0; x < 12; x++) {
                    boolean bar = switch (labels[n]) {
                        case 0 -> y < 2;
                        case 1 -> y >= 10;
                        case 2 -> x < 2;
                        default -> x >= 10;
                    };
                    float value = (bar ? 0.8f : 0.1f) + 0.15f * (float) random.nextGaussian();
                    pixels[n * SHAPE.pixels() + y * 12 + x] = Math.max(0, Math.min(1, value));
                }
            }
        }
        return new Split(Nd4j.create(pixels, new long[] {count, SHAPE.pixels()}, 'c').castTo(DataType.FLOAT), labels);
    }
}
