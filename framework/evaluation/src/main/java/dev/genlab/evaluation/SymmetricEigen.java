package dev.genlab.evaluation;

/**
 * Eigenvalues and eigenvectors of a real symmetric matrix by cyclic Jacobi rotations, in double precision. The
 * matrices here are covariances of classifier features (a hundred or so dimensions), where this converges in a
 * handful of sweeps and needs nothing beyond the JDK.
 */
final class SymmetricEigen {
    private static final int MAX_SWEEPS = 100;

    /** The eigenvalues, in no particular order. */
    final double[] values;
    /** The eigenvectors as columns: {@code vectors[row][k]} belongs to {@code values[k]}. */
    final double[][] vectors;

    private SymmetricEigen(double[] values, double[][] vectors) {
        this.values = values;
        this.vectors = vectors;
    }

    static SymmetricEigen of(double[][] symmetric) {
        int n = symmetric.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = symmetric[i].clone();
        }
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            double diagonal = 0;
            for (int i = 0; i < n; i++) {
                diagonal += a[i][i] * a[i][i];
                for (int j = i + 1; j < n; j++) {
                    off += a[i][j] * a[i][j];
                }
            }
            if (off <= 1e-30 * Math.max(diagonal, 1e-300)) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p][q] != 0) {
                        rotate(a, v, p, q);
                    }
                }
            }
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = a[i][i];
        }
        return new SymmetricEigen(values, v);
    }

    /** One Jacobi rotation that zeroes {@code a[p][q]}, applied to {@code a} and accumulated into {@code v}. */
    private static void rotate(double[][] a, double[][] v, int p, int q) {
        double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        double t = Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        int n = a.length;
        for (int k = 0; k < n; k++) {
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++) {
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
        }
        for (int k = 0; k < n; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
        }
    }

    /** {@code V f(D) V^T} for a function of the eigenvalues, such as a square root. */
    double[][] apply(java.util.function.DoubleUnaryOperator function) {
        int n = values.length;
        double[] mapped = new double[n];
        for (int k = 0; k < n; k++) {
            mapped[k] = function.applyAsDouble(values[k]);
        }
        double[][] result = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += vectors[i][k] * mapped[k] * vectors[j][k];
                }
                result[i][j] = sum;
                result[j][i] = sum;
            }
        }
        return result;
    }
}
