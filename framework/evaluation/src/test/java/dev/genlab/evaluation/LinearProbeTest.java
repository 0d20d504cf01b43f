package dev.genlab.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import dev.genlab.api.Dataset;
import dev.genlab.api.ImageShape;
import dev.genlab.api.Split;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The probe on codes whose answer is known: separable by a plane, or carrying nothing about the labels. */
class LinearProbeTest {
    @Test
    void linearlySeparableCodesAreClassifiedAlmostPerfectly() {
        Random random = new Random(1);
        int[] trainLabels = labels(600, 4, random);
        int[] testLabels = labels(600, 4, random);

        double accuracy = LinearProbe.accuracy(clusters(trainLabels, 6, random), trainLabels,
                clusters(testLabels, 6, random), testLabels, 4);

        assertThat(accuracy).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void codesIndependentOfTheLabelsScoreChance() {
        Random random = new Random(2);
        int[] trainLabels = labels(3000, 4, random);
        int[] testLabels = labels(3000, 4, random);

        double accuracy = LinearProbe.accuracy(noise(3000, 8, random), trainLabels, noise(3000, 8, random),
                testLabels, 4);

        assertThat(accuracy).isCloseTo(0.25, within(0.04));
    }

    @Test
    void aClassSeparatedOnlyAlongOneCodeIsFoundAmongConstantAndNoisyOnes() {
        // code 0 is constant (nothing to standardise), code 1 is noise, code 2 alone tells the two classes apart
        Random random = new Random(3);
        int[] labels = labels(400, 2, random);
        INDArray codes = Nd4j.create(DataType.FLOAT, labels.length, 3);
        for (int i = 0; i < labels.length; i++) {
            codes.putScalar(i, 0, 5);
            codes.putScalar(i, 1, random.nextGaussian() * 100);
            codes.putScalar(i, 2, (labels[i] == 1 ? 0.01 : -0.01) + random.nextGaussian() * 0.001);
        }

        assertThat(LinearProbe.accuracy(codes, labels, codes, labels, 2)).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void aDatasetsCodesComeFromAtMostTenThousandTrainingImagesAndEveryTestImage() {
        Random random = new Random(4);
        int[] trainLabels = labels(12_000, 3, random);
        int[] testLabels = labels(500, 3, random);
        Dataset data = new Dataset("clusters", new ImageShape(1, 2, 2), List.of("a", "b", "c"),
                new Split(clusters(trainLabels, 4, random), trainLabels),
                new Split(clusters(testLabels, 4, random), testLabels), "code", "digest");
        AtomicLong encoded = new AtomicLong();

        double accuracy = LinearProbe.accuracy(images -> {
            encoded.addAndGet(images.rows());
            return images.mul(2);
        }, data, 7);

        assertThat(accuracy).isGreaterThanOrEqualTo(0.99);
        assertThat(encoded.get()).isEqualTo(LinearProbe.TRAINING_IMAGES + 500);
    }

    @Test
    void trainingRowsAreDistinctAndDrawnFromTheSeedWhenThereAreMoreThanTenThousand() {
        int[] rows = LinearProbe.trainingRows(60_000, 42);

        assertThat(rows).hasSize(10_000).doesNotHaveDuplicates().isSorted();
        assertThat(rows[rows.length - 1]).as("drawn from the whole split").isGreaterThan(50_000);
        assertThat(LinearProbe.trainingRows(60_000, 42)).isEqualTo(rows);
        assertThat(LinearProbe.trainingRows(60_000, 43)).isNotEqualTo(rows);
        assertThat(LinearProbe.trainingRows(300, 42)).hasSize(300).isEqualTo(identity(300));
    }

    @Test
    void codesAndLabelsThatDoNotFitAreRefused() {
        INDArray codes = Nd4j.zeros(DataType.FLOAT, 3, 2);

        assertThatIllegalArgumentException().isThrownBy(() -> LinearProbe.accuracy(codes, new int[2], codes,
                new int[3], 2));
        assertThatIllegalArgumentException().isThrownBy(() -> LinearProbe.accuracy(codes, new int[] {0, 1, 2},
                codes, new int[3], 2)).withMessageContaining("label 2");
    }

    private static int[] labels(int count, int classes, Random random) {
        int[] labels = new int[count];
        Arrays.setAll(labels, i -> random.nextInt(classes));
        return labels;
    }

    /** Codes near one of {@code dimensions} well-separated centres, the label's: separable by planes. */
    private static INDArray clusters(int[] labels, int dimensions, Random random) {
        INDArray codes = Nd4j.create(DataType.FLOAT, labels.length, dimensions);
        for (int i = 0; i < labels.length; i++) {
            for (int j = 0; j < dimensions; j++) {
                codes.putScalar(i, j, (j == labels[i] ? 1.0 : 0.0) + random.nextGaussian() * 0.1);
            }
        }
        return codes;
    }

    private static INDArray noise(int count, int dimensions, Random random) {
        INDArray codes = Nd4j.create(DataType.FLOAT, count, dimensions);
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < dimensions; j++) {
                codes.putScalar(i, j, random.nextGaussian());
            }
        }
        return codes;
    }

    private static int[] identity(int n) {
        int[] rows = new int[n];
        Arrays.setAll(rows, i -> i);
        return rows;
    }
}
