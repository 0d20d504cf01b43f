package dev.genlab.core.run;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Dataset;
import dev.genlab.api.Model;
import dev.genlab.evaluation.ClassifierCache;
import dev.genlab.evaluation.GenerativeEvaluation;
import dev.genlab.support.ClassLabels;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Scores what a model generates against the first test images, in the feature space of the dataset's evaluation
 * classifier (trained once per dataset and kept in the user's cache): Frechet distance, precision and recall, class
 * coverage, under {@code score/} names, with the classifier's own test accuracy beside them. Samples for generative
 * models, reconstructions of those test images for autoencoders ({@link Model#generate}); always from the same seed,
 * so a chart of the scores over steps shows the model changing, not the draw. A conditional model's images are
 * made for balanced requested classes, and how many of them the classifier puts in their class is logged as
 * {@code score/label_agreement}.
 */
final class QualityScores {
    static final String PREFIX = "score/";
    private static final long SAMPLE_STREAM = 0x5C0_2E5L;

    private final GenerativeEvaluation evaluation;
    private final Dataset data;
    private final int count;
    private final long seed;
    private final double classifierAccuracy;

    private QualityScores(GenerativeEvaluation evaluation, Dataset data, int count, long seed,
            double classifierAccuracy) {
        this.evaluation = requireNonNull(evaluation, "evaluation is null");
        this.data = requireNonNull(data, "data is null");
        this.count = count;
        this.seed = seed;
        this.classifierAccuracy = classifierAccuracy;
    }

    /**
     * Scores with {@code samples} images (at most the test set's size); none when {@code samples} is 0, the data
     * has fewer than two classes or too few test images for nearest neighbours.
     */
    static Optional<QualityScores> prepare(int samples, Dataset data, long seed, Console console) {
        int count = Math.min(samples, data.test().size());
        if (samples == 0 || data.numClasses() < 2 || count <= 2 * GenerativeEvaluation.NEIGHBOURS) {
            return Optional.empty();
        }
        ClassifierCache.Entry classifier = ClassifierCache.inUserCache().get(data, console::info);
        INDArray real = data.test().head(count).features();
        return Optional.of(new QualityScores(new GenerativeEvaluation(classifier.classifier(), data.numClasses(),
                real), data, count, seed ^ SAMPLE_STREAM, classifier.testAccuracy()));
    }

    /** The scores of {@code model} as it is now. */
    Map<String, Double> score(Model model) {
        int classes = model.conditionalClasses();
        int[] requested = classes > 0 ? ClassLabels.cycled(classes, count) : null;
        INDArray generated = requested != null ? model.generate(requested, seed)
                : model.generate(count, data.test(), seed);
        Map<String, Double> metrics = new LinkedHashMap<>(evaluation.score(generated).metrics(PREFIX));
        if (requested != null) {
            metrics.put(PREFIX + "label_agreement", evaluation.labelAgreement(generated, requested));
        }
        metrics.put(PREFIX + "classifier_accuracy", classifierAccuracy);
        generated.close();
        return metrics;
    }
}
