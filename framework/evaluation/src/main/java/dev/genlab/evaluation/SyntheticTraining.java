package dev.genlab.evaluation;

import dev.genlab.api.Dataset;
import dev.genlab.api.Split;
import java.util.function.Consumer;

/**
 * Train on synthetic, test on real: a classifier of the evaluation classifier's architecture and training (the same
 * optimiser and seed) learns from a conditional model's labelled images, alone or with real ones, and its accuracy on
 * the real test images says how far those images can stand in for, or add to, real training data.
 */
public final class SyntheticTraining {
    private static final long SEED = 20_241_206L;

    private SyntheticTraining() {
    }

    /**
     * The test accuracy on {@code data}'s real test split of a classifier trained on {@code train} for at least
     * {@link ClassifierCache#EPOCHS} epochs and at least {@code presentations} images (more epochs over a small set,
     * so that a hundred images get as many optimisation steps as ten thousand).
     */
    public static double testAccuracy(Split train, Dataset data, long presentations, String name,
            Consumer<String> progress) {
        int epochs = (int) Math.max(ClassifierCache.EPOCHS, (presentations + train.size() - 1) / train.size());
        EvaluationClassifier classifier = EvaluationClassifier.train(train, data.shape(), data.numClasses(), epochs,
                SEED, name, progress);
        return classifier.accuracy(data.test());
    }

    /** {@link #testAccuracy(Split, Dataset, long, String, Consumer)} for {@link ClassifierCache#EPOCHS} epochs. */
    public static double testAccuracy(Split synthetic, Dataset data, Consumer<String> progress) {
        return testAccuracy(synthetic, data, 0, "train-on-synthetic classifier", progress);
    }
}
