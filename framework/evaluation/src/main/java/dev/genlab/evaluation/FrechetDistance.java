package dev.genlab.evaluation;

/**
 * The Frechet distance between two sets of feature vectors, each summarised by a Gaussian (mean and covariance):
 * {@code |mu1 - mu2|^2 + Tr(S1 + S2 - 2 (S1^1/2 S2 S1^1/2)^1/2)}. With the features of an Inception network this is
 * the FID; GenLab uses the features of a classifier it trains per dataset, so its figures compare runs on the same
 * dataset and classifier, not with published FIDs.
 */
public final class FrechetDistance {
    private FrechetDistance() {
    }

    /** The squared Frechet distance between the Gaussians fitted to {@code first} and {@code second} (rows). */
    public static double between(double[][] first, double[][] second) {
        return between(Moments.of(first), Moments.of(second));
    }

    static double between(Moments first, Moments second) {
        int d = first.mean().length;
        if (second.mean().length != d) {
            throw new IllegalArgumentException("feature sizes differ: " + d + " and " + second.mean().length);
        }
        double meanTerm = 0;
        for (int i = 0; i < d; i++) {
            double difference = first.mean()[i] - second.mean()[i];
            meanTerm += difference * difference;
        }
        double[][] root = SymmetricEigen.of(first.covariance()).apply(value -> Math.sqrt(Math.max(value, 0)));
        double[][] product = multiply(multiply(root, second.covariance()), root);
        // symmetrise what rounding left, then Tr(sqrt(M)) = sum of sqrt of M's eigenvalues
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                double mean = (product[i][j] + product[j][i]) / 2;
                product[i][j] = mean;
                product[j][i] = mean;
            }
        }
        double crossTrace = 0;
        for (double value : SymmetricEigen.of(product).values) {
            crossTrace += Math.sqrt(Math.max(value, 0));
        }
        double traces = 0;
        for (int i = 0; i < d; i++) {
            traces += first.covariance()[i][i] + second.covariance()[i][i];
        }
        return Math.max(0, meanTerm + traces - 2 * crossTrace);
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        int m = b[0].length;
        int inner = b.length;
        double[][] result = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < inner; k++) {
                double aik = a[i][k];
                if (aik == 0) {
                    continue;
                }
                double[] bk = b[k];
                double[] line = result[i];
                for (int j = 0; j < m; j++) {
                    line[j] += aik * bk[j];
                }
            }
        }
        return result;
    }
}
