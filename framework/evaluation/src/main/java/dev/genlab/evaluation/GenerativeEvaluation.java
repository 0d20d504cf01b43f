package dev.genlab.evaluation;

import static java.util.Objects.requireNonNull;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Scores sets of generated images against a fixed set of real ones with one classifier: the real images' features
 * are computed once, so every evaluation of a run compares with the same reference.
 */
public final class GenerativeEvaluation {
    /** Nearest neighbours for precision and recall, as in Kynkaanniemi et al. (2019). */
    public static final int NEIGHBOURS = 3;

    private final EvaluationClassifier classifier;
    private final int classes;
    private final double[][] realFeatures;
    private final Moments realMoments;

    /** {@code real}: the reference images, {@code [n, pixels]}; at least {@value #NEIGHBOURS} + 1. */
    public GenerativeEvaluation(EvaluationClassifier classifier, int classes, INDArray real) {
        this.classifier = requireNonNull(classifier, "classifier is null");
        this.classes = classes;
        this.realFeatures = classifier.features(real);
        this.realMoments = Moments.of(realFeatures);
    }

    /** The scores of {@code generated} ({@code [n, pixels]}, pixels in [0, 1], n > {@value #NEIGHBOURS}). */
    public GenerativeScores score(INDArray generated) {
        double[][] features = classifier.features(generated);
        PrecisionRecall precisionRecall = PrecisionRecall.of(realFeatures, features, NEIGHBOURS);
        return new GenerativeScores(FrechetDistance.between(realMoments, Moments.of(features)),
                precisionRecall.precision(), precisionRecall.recall(),
                ClassCoverage.of(classifier.predict(generated), classes));
    }

    /**
     * The share of {@code generated} images that the classifier puts in the class they were asked for,
     * {@code requested} (one label per row): how well a conditional model obeys its label.
     */
    public double labelAgreement(INDArray generated, int[] requested) {
        if (generated.rows() != requested.length || requested.length == 0) {
            throw new IllegalArgumentException("expected one requested label per generated image, got "
                    + requested.length + " for " + generated.rows());
        }
        int[] predicted = classifier.predict(generated);
        int agreeing = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == requested[i]) {
                agreeing++;
            }
        }
        return (double) agreeing / predicted.length;
    }
}
