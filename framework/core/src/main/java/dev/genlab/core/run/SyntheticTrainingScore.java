package dev.genlab.core.run;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Dataset;
import dev.genlab.api.Model;
import dev.genlab.api.Split;
import dev.genlab.evaluation.SyntheticTraining;
import dev.genlab.support.ClassLabels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code score/tstr_accuracy} of a conditional model at the end of training: a classifier trained on
 * {@code tracking.tstrSamples} of its images, balanced over the classes, tested on the real test split. It costs a
 * classifier's training, so it is measured once.
 */
final class SyntheticTrainingScore {
    static final String METRIC = QualityScores.PREFIX + "tstr_accuracy";
    private static final long SAMPLE_STREAM = 0x75_7253L;
    /** Images per call of the model, to bound the memory of its activations. */
    private static final int CHUNK = 1_000;
    /** Spreads the seeds of successive chunks (the golden-ratio increment of SplitMix64). */
    private static final long SEED_STEP = 0x9E3779B97F4A7C15L;

    private final int samples;
    private final long seed;
    private final Console console;

    SyntheticTrainingScore(int samples, long seed, Console console) {
        this.samples = samples;
        this.seed = seed ^ SAMPLE_STREAM;
        this.console = requireNonNull(console, "console is null");
    }

    /** True when there is something to measure: samples asked for, a conditional model and labelled data. */
    boolean appliesTo(Model model, Dataset data) {
        return samples > 0 && model.conditionalClasses() > 1 && data.numClasses() == model.conditionalClasses();
    }

    /** The test accuracy on real images of a classifier trained on the model's images. */
    double measure(Model model, Dataset data) {
        int[] labels = ClassLabels.cycled(model.conditionalClasses(), samples);
        console.info(String.format(Locale.ROOT, "Train on synthetic, test on real: %,d generated images of %d classes",
                samples, model.conditionalClasses()));
        List<INDArray> parts = new ArrayList<>();
        for (int from = 0, chunk = 0; from < samples; from += CHUNK, chunk++) {
            int[] requested = Arrays.copyOfRange(labels, from, Math.min(samples, from + CHUNK));
            parts.add(model.generate(requested, seed + chunk * SEED_STEP));
        }
        INDArray images = parts.size() == 1 ? parts.get(0) : Nd4j.vstack(parts.toArray(INDArray[]::new));
        return SyntheticTraining.testAccuracy(new Split(images, labels), data, console::info);
    }
}
