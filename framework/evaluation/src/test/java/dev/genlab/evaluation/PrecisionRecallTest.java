package dev.genlab.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PrecisionRecallTest {
    @Test
    void identicalSetsHaveFullPrecisionAndRecall() {
        double[][] points = cloud(new Random(1), 200, 5, 0, 1);
        assertThat(PrecisionRecall.of(points, points, 3)).isEqualTo(new PrecisionRecall(1, 1));
    }

    @Test
    void farApartSetsHaveNeither() {
        Random random = new Random(2);
        PrecisionRecall scores = PrecisionRecall.of(cloud(random, 200, 5, 0, 1), cloud(random, 200, 5, 50, 1), 3);
        assertThat(scores).isEqualTo(new PrecisionRecall(0, 0));
    }

    @Test
    void aCollapsedModelIsPreciseButMissesMostOfTheData() {
        Random random = new Random(3);
        double[][] real = cloud(random, 300, 2, 0, 1);
        // every generated sample close to the first real point: realistic, but no variety
        double[][] collapsed = new double[300][];
        for (int i = 0; i < collapsed.length; i++) {
            collapsed[i] = new double[] {real[0][0] + 1e-3 * random.nextGaussian(),
                real[0][1] + 1e-3 * random.nextGaussian()};
        }
        PrecisionRecall scores = PrecisionRecall.of(real, collapsed, 3);
        assertThat(scores.precision()).isGreaterThan(0.95);
        assertThat(scores.recall()).isLessThan(0.05);
    }

    @Test
    void samplesFromTheSameDistributionScoreHigh() {
        Random random = new Random(4);
        PrecisionRecall scores = PrecisionRecall.of(cloud(random, 500, 3, 0, 1), cloud(random, 500, 3, 0, 1), 3);
        assertThat(scores.precision()).isGreaterThan(0.8);
        assertThat(scores.recall()).isGreaterThan(0.8);
    }

    @Test
    void kMustFitTheSets() {
        double[][] points = cloud(new Random(5), 3, 2, 0, 1);
        assertThatThrownBy(() -> PrecisionRecall.of(points, points, 3)).hasMessageContaining("k must be");
    }

    private static double[][] cloud(Random random, int rows, int columns, double mean, double std) {
        double[][] data = new double[rows][columns];
        for (double[] row : data) {
            for (int j = 0; j < columns; j++) {
                row[j] = mean + std * random.nextGaussian();
            }
        }
        return data;
    }
}
