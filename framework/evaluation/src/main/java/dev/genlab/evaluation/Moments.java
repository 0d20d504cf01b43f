package dev.genlab.evaluation;

/** The mean and covariance (divided by n - 1) of a set of feature vectors, one per row. */
record Moments(double[] mean, double[][] covariance) {
    static Moments of(double[][] rows) {
        if (rows.length < 2) {
            throw new IllegalArgumentException("moments need at least two rows, got " + rows.length);
        }
        int d = rows[0].length;
        double[] mean = new double[d];
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= rows.length;
        }
        double[][] covariance = new double[d][d];
        double[] centred = new double[d];
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                centred[j] = row[j] - mean[j];
            }
            for (int i = 0; i < d; i++) {
                double ci = centred[i];
                double[] line = covariance[i];
                for (int j = i; j < d; j++) {
                    line[j] += ci * centred[j];
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                covariance[i][j] /= rows.length - 1;
                covariance[j][i] = covariance[i][j];
            }
        }
        return new Moments(mean, covariance);
    }
}
