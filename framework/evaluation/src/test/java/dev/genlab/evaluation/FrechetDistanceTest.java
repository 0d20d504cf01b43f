package dev.genlab.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FrechetDistanceTest {
    @Test
    void aSetIsAtDistanceZeroFromItself() {
        double[][] features = gaussian(new Random(1), 500, 12, 0, 1);
        assertThat(FrechetDistance.between(features, features)).isCloseTo(0, within(1e-8));
    }

    @Test
    void diagonalGaussiansMatchTheClosedForm() {
        double[] meanA = {0, 1, 2};
        double[] meanB = {1, 1, 0};
        double[] varianceA = {1, 4, 9};
        double[] varianceB = {4, 1, 1};
        // |mu_a - mu_b|^2 + sum (sqrt(a) - sqrt(b))^2 = (1 + 0 + 4) + (1 + 1 + 4)
        double expected = 5 + 6;
        assertThat(FrechetDistance.between(moments(meanA, diagonal(varianceA)), moments(meanB, diagonal(varianceB))))
                .isCloseTo(expected, within(1e-9));
    }

    @Test
    void correlatedGaussiansMatchTheTwoByTwoClosedForm() {
        double[][] a = {{2, 0.8}, {0.8, 1}};
        double[][] b = {{1, -0.3}, {-0.3, 3}};
        // for a 2x2 PSD matrix M, Tr sqrt(M) = sqrt(Tr M + 2 sqrt(det M)), and det(A^1/2 B A^1/2) = det A det B,
        // Tr(A^1/2 B A^1/2) = Tr(A B)
        double traceAb = a[0][0] * b[0][0] + a[0][1] * b[1][0] + a[1][0] * b[0][1] + a[1][1] * b[1][1];
        double determinant = (a[0][0] * a[1][1] - a[0][1] * a[1][0]) * (b[0][0] * b[1][1] - b[0][1] * b[1][0]);
        double crossTrace = Math.sqrt(traceAb + 2 * Math.sqrt(determinant));
        double expected = 0.25 + 4 + (a[0][0] + a[1][1] + b[0][0] + b[1][1]) - 2 * crossTrace;
        assertThat(FrechetDistance.between(moments(new double[] {0.5, 0}, a), moments(new double[] {0, 2}, b)))
                .isCloseTo(expected, within(1e-9));
    }

    @Test
    void samplesOfTwoGaussiansApproachTheirDistance() {
        Random random = new Random(3);
        double[][] first = gaussian(random, 20_000, 4, 0, 1);
        double[][] second = gaussian(random, 20_000, 4, 0.5, 2);
        // each of 4 dimensions: 0.5^2 + (1 - 2)^2
        assertThat(FrechetDistance.between(first, second)).isCloseTo(4 * 1.25, within(0.1));
    }

    @Test
    void growsAsTheSetsMoveApart() {
        Random random = new Random(5);
        double[][] base = gaussian(random, 400, 6, 0, 1);
        double near = FrechetDistance.between(base, gaussian(random, 400, 6, 0.2, 1));
        double far = FrechetDistance.between(base, gaussian(random, 400, 6, 1.0, 1));
        assertThat(far).isGreaterThan(near * 5);
    }

    private static double[][] gaussian(Random random, int rows, int columns, double mean, double std) {
        double[][] data = new double[rows][columns];
        for (double[] row : data) {
            for (int j = 0; j < columns; j++) {
                row[j] = mean + std * random.nextGaussian();
            }
        }
        return data;
    }

    private static Moments moments(double[] mean, double[][] covariance) {
        return new Moments(mean, covariance);
    }

    private static double[][] diagonal(double[] values) {
        double[][] matrix = new double[values.length][values.length];
        for (int i = 0; i < values.length; i++) {
            matrix[i][i] = values[i];
        }
        return matrix;
    }
}
