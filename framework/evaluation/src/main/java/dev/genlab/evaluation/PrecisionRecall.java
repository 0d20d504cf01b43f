package dev.genlab.evaluation;

import java.util.Arrays;

/**
 * Precision and recall of a generative model in a feature space (Kynkaanniemi et al., 2019): each set is a
 * manifold made of balls around its points, with the distance to the point's k-th nearest neighbour in the same
 * set as radius. Precision is the share of generated samples that fall inside the real manifold (are they
 * realistic?); recall the share of real samples inside the generated manifold (is the data's variety covered?).
 *
 * @param precision share of generated samples within the real manifold, 0 to 1
 * @param recall share of real samples within the generated manifold, 0 to 1
 */
public record PrecisionRecall(double precision, double recall) {
    /** The scores with {@code k} nearest neighbours (3 in the paper); rows are feature vectors. */
    public static PrecisionRecall of(double[][] real, double[][] generated, int k) {
        if (k < 1 || k >= real.length || k >= generated.length) {
            throw new IllegalArgumentException("k must be at least 1 and below both set sizes (" + real.length
                    + ", " + generated.length + "), got " + k);
        }
        double[] realRadii = radii(real, k);
        double[] generatedRadii = radii(generated, k);
        return new PrecisionRecall(coverage(generated, real, realRadii), coverage(real, generated, generatedRadii));
    }

    /** The share of {@code points} within some ball of the manifold {@code centres} with squared {@code radii}. */
    private static double coverage(double[][] points, double[][] centres, double[] radii) {
        int inside = 0;
        for (double[] point : points) {
            for (int c = 0; c < centres.length; c++) {
                if (squaredDistance(point, centres[c]) <= radii[c]) {
                    inside++;
                    break;
                }
            }
        }
        return (double) inside / points.length;
    }

    /**
     * Squared distance from each point to its k-th nearest other point of the same set: each pair's distance computed
     * once, each point keeping only its k smallest, so memory is linear in the set's size (a full distance matrix of
     * the 100,000 samples tracking.scoreSamples allows would take 80 GB).
     */
    private static double[] radii(double[][] points, int k) {
        int n = points.length;
        double[][] nearest = new double[n][k];
        for (double[] row : nearest) {
            Arrays.fill(row, Double.POSITIVE_INFINITY);
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double distance = squaredDistance(points[i], points[j]);
                keepSmallest(nearest[i], distance);
                keepSmallest(nearest[j], distance);
            }
        }
        double[] radii = new double[n];
        for (int i = 0; i < n; i++) {
            radii[i] = nearest[i][k - 1];
        }
        return radii;
    }

    /** Inserts {@code value} into {@code smallest} (ascending) when it is below the largest kept, dropping that. */
    private static void keepSmallest(double[] smallest, double value) {
        int last = smallest.length - 1;
        if (value >= smallest[last]) {
            return;
        }
        int at = last;
        while (at > 0 && smallest[at - 1] > value) {
            smallest[at] = smallest[at - 1];
            at--;
        }
        smallest[at] = value;
    }

    static double squaredDistance(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double difference = a[i] - b[i];
            sum += difference * difference;
        }
        return sum;
    }
}
