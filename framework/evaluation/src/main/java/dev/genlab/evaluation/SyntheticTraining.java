package dev.genlab.evaluation;

import dev.genlab.api.Dataset;
import dev.genlab.api.Split;
import java.util.function.Consumer;

/**
 * Train on synthetic, test on real: a classifier of the evaluation classifier's architecture and training
 * ({@link ClassifierCache#EPOCHS} epochs, the same seed) learns from a conditional model's labelled images alone,
 * and its accuracy on the real test images says how far those images can stand in for real training data.
 */
public final class SyntheticTraining {
    private static final long SEED = 20_241_206L;

    private SyntheticTraining() {
    }

    /** The test accuracy on {@code data}'s real test split of a classifier trained on {@code synthetic}. */
    public static double testAccuracy(Split synthetic, Dataset data, Consumer<String> progress) {
        EvaluationClassifier classifier = EvaluationClassifier.train(synthetic, data.shape(), data.numClasses(),
                ClassifierCache.EPOCHS, SEED, "train-on-synthetic classifier", progress);
        return classifier.accuracy(data.test());
    }
}
