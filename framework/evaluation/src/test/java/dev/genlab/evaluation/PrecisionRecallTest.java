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
    void theRadiusIsTheDistanceToTheKthNearestNeighbour() {
        // on a line, real 0, 1, 3, 7: radii 1, 1, 2, 4 with k = 1; 3, 2, 3, 6 with k = 2
        double[][] real = {{0}, {1}, {3}, {7}};
        double[][] generated = {{0.5}, {12}, {20}, {30}};
        // k = 1: only 0.5 is within a real ball (12 is 5 from 7); k = 2: 12 is within 7's ball of radius 6
        assertThat(PrecisionRecall.of(real, generated, 1).precision()).isEqualTo(0.25);
        assertThat(PrecisionRecall.of(real, generated, 2).precision()).isEqualTo(0.5);
        // generated radii with k = 1: 11.5, 8, 8, 10; every real point is within 0.5's ball
        assertThat(PrecisionRecall.of(real, generated, 1).recall()).isEqualTo(1.0);
        // k = 3 leaves each point's farthest neighbour as radius: 7's is 7 (to 0), so 12 and not 20 are inside
        assertThat(PrecisionRecall.of(real, generated, 3).precision()).isEqualTo(0.5);
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
