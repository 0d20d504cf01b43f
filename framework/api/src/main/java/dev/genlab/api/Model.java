package dev.genlab.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trainable generative model. The runner owns the loop: for each {@link Stage}, in order, it feeds
 * batches to {@link Stage#fit}, validates at each epoch end, then calls {@link #evaluate} once.
 * Models hold native memory; the runner closes them.
 */
public interface Model extends AutoCloseable {
    /** The stages of training, in order; most models have one, a stacked autoencoder one per layer. */
    List<Stage> stages();

    /**
     * Called every {@code tracking.imageEvery} steps and once at the end of training, for images that show
     * progress (a GAN's samples from a fixed z). Does nothing by default.
     */
    default void logProgress(RunLog log, long step) {
    }

    /**
     * What the runner calls for progress images: at step 0 (before training) and every {@code tracking.imageEvery}
     * steps when that is set, and once at the last step. Models whose pictures need data, such as reconstructions
     * of fixed test images, override this one; by default it calls {@link #logProgress(RunLog, long)}.
     */
    default void logProgress(Dataset data, RunLog log, long step) {
        logProgress(log, step);
    }

    /** Keys of {@link #evaluate}'s metrics that are logged as they are, beside the quality scores. */
    String SCORE_PREFIX = "score/";

    /**
     * The final evaluation, mostly on {@code data.test()}: returns the metrics (logged as {@code test/<key>}, except
     * keys that start with {@value #SCORE_PREFIX}, a model's own scores such as its codes' linear-probe accuracy,
     * which are logged as they are) and logs images and files (reconstruction grids, samples, histograms) through
     * {@code log}. The training split is there for baselines such as the mean training image. {@code step} is the
     * last training step: images logged here belong at it, so the MLflow step slider ends with them.
     */
    Map<String, Double> evaluate(Dataset data, RunLog log, long step);

    /**
     * Generates or reconstructs {@code count} images as an {@code [count, pixels]} matrix in [0, 1]:
     * samples for generative models, reconstructions of {@code inputs} for autoencoders.
     */
    INDArray generate(int count, Split inputs, long seed);

    /**
     * How many classes the model generates on request: 0 (the default) for a model that takes no label, the
     * dataset's class count for a conditional model, whose {@link #generate(int[], long)} makes an image of each
     * requested class.
     */
    default int conditionalClasses() {
        return 0;
    }

    /**
     * Generates one image per entry of {@code labels} (class indices below {@link #conditionalClasses()}) as a
     * {@code [labels.length, pixels]} matrix in [0, 1]. Only conditional models implement it.
     */
    default INDArray generate(int[] labels, long seed) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not generate images of a"
                + " requested class: it is not a conditional model");
    }

    /**
     * Writes the model into {@code directory}: weights, optimiser state and whatever else {@link ModelFactory#load}
     * needs to continue training. Called for checkpoints during training and for the final model.
     */
    void save(Path directory) throws IOException;

    @Override
    default void close() {
    }
}
