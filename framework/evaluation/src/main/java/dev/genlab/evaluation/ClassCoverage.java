package dev.genlab.evaluation;

/**
 * How a set of generated images spreads over the classes, as the evaluation classifier labels them. A model that
 * has collapsed onto a few classes scores low even when each image looks real.
 *
 * @param shares each class's share of the samples, index = class
 * @param covered classes that received at least half of their fair share ({@code 1 / (2 classes)})
 * @param entropy the entropy of the shares divided by its maximum {@code ln(classes)}: 1 when uniform, 0 when
 *     every sample is of one class
 */
public record ClassCoverage(double[] shares, int covered, double entropy) {
    public static ClassCoverage of(int[] predicted, int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("class coverage needs at least two classes, got " + classes);
        }
        if (predicted.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        double[] shares = new double[classes];
        for (int label : predicted) {
            shares[label]++;
        }
        int covered = 0;
        double entropy = 0;
        for (int c = 0; c < classes; c++) {
            shares[c] /= predicted.length;
            if (shares[c] >= 0.5 / classes) {
                covered++;
            }
            if (shares[c] > 0) {
                entropy -= shares[c] * Math.log(shares[c]);
            }
        }
        return new ClassCoverage(shares, covered, entropy / Math.log(classes));
    }
}
