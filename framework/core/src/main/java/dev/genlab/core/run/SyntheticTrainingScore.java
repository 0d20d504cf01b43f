package dev.genlab.core.run;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Dataset;
import dev.genlab.api.Model;
import dev.genlab.api.Split;
import dev.genlab.evaluation.ClassifierCache;
import dev.genlab.evaluation.SyntheticTraining;
import dev.genlab.support.ClassLabels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What a conditional model's images are worth as training data, at the end of training: {@code score/tstr_accuracy},
 * a classifier trained on {@code tracking.tstrSamples} of its images, balanced over the classes, tested on the real
 * test split; with {@code tracking.augmentation}, also {@code score/real_accuracy} and
 * {@code score/augmented_accuracy}, the same classifier trained on the run's real training images alone and with
 * those images added, each for at least as many image presentations as the first. It costs classifier trainings,
 * so it is measured once.
 */
final class SyntheticTrainingScore {
    static final String METRIC = QualityScores.PREFIX + "tstr_accuracy";
    static final String REAL = QualityScores.PREFIX + "real_accuracy";
    static final String AUGMENTED = QualityScores.PREFIX + "augmented_accuracy";
    private static final long SAMPLE_STREAM = 0x75_7253L;
    /** Images per call of the model, to bound the memory of its activations. */
    private static final int CHUNK = 1_000;
    /** Spreads the seeds of successive chunks (the golden-ratio increment of SplitMix64). */
    private static final long SEED_STEP = 0x9E3779B97F4A7C15L;

    private final int samples;
    private final boolean augmentation;
    private final long seed;
    private final Console console;

    SyntheticTrainingScore(int samples, boolean augmentation, long seed, Console console) {
        this.samples = samples;
        this.augmentation = augmentation;
        this.seed = seed ^ SAMPLE_STREAM;
        this.console = requireNonNull(console, "console is null");
    }

    /** True when there is something to measure: samples asked for, a conditional model and labelled data. */
    boolean appliesTo(Model model, Dataset data) {
        return samples > 0 && model.conditionalClasses() > 1 && data.numClasses() == model.conditionalClasses();
    }

    /** The scores by name, in the order measured. */
    Map<String, Double> measure(Model model, Dataset data) {
        int[] labels = ClassLabels.cycled(model.conditionalClasses(), samples);
        console.info(String.format(Locale.ROOT, "Train on synthetic, test on real: %,d generated images of %d classes",
                samples, model.conditionalClasses()));
        List<INDArray> parts = new ArrayList<>();
        for (int from = 0, chunk = 0; from < samples; from += CHUNK, chunk++) {
            int[] requested = Arrays.copyOfRange(labels, from, Math.min(samples, from + CHUNK));
            parts.add(model.generate(requested, seed + chunk * SEED_STEP));
        }
        Split synthetic = new Split(parts.size() == 1 ? parts.get(0) : Nd4j.vstack(parts.toArray(INDArray[]::new)),
                labels);
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put(METRIC, SyntheticTraining.testAccuracy(synthetic, data, console::info));
        if (augmentation) {
            long presentations = (long) ClassifierCache.EPOCHS * samples;
            console.info(String.format(Locale.ROOT, "Augmentation: the classifier trained on the %,d real training"
                    + " images, then on them and the %,d generated ones", data.train().size(), samples));
            scores.put(REAL, SyntheticTraining.testAccuracy(data.train(), data, presentations,
                    "real-images classifier", console::info));
            scores.put(AUGMENTED, SyntheticTraining.testAccuracy(concatenated(data.train(), synthetic), data,
                    presentations, "augmented classifier", console::info));
        }
        return scores;
    }

    private static Split concatenated(Split first, Split second) {
        int[] labels = Arrays.copyOf(first.labels(), first.size() + second.size());
        System.arraycopy(second.labels(), 0, labels, first.size(), second.size());
        return new Split(Nd4j.vstack(first.features(), second.features().castTo(first.features().dataType())),
                labels);
    }
}
