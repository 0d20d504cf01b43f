package dev.genlab.api;

import static java.util.Objects.requireNonNull;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A mini-batch: {@code [n, pixels]} float images in [0, 1] and their n class indices. A batch given to
 * {@link Stage#fit} also says which training step it is and the seed of that step's randomness.
 *
 * @param step the training step this batch is for, from 1, counted across stages (0 outside training)
 * @param seed the seed for everything random in this step (noise, dropout, latent codes): a function of the
 *     experiment's seed and the step, so a resumed run draws exactly what an uninterrupted run would. The
 *     runner also seeds ND4J's global generator with it before each step; a model with its own generators
 *     reseeds them from it.
 */
public record Batch(INDArray features, int[] labels, long step, long seed) {
    public Batch {
        requireNonNull(features, "features is null");
        requireNonNull(labels, "labels is null");
    }

    /** A batch outside training (evaluation, tests). */
    public Batch(INDArray features, int[] labels) {
        this(features, labels, 0, 0);
    }

    /** This batch as training step {@code step} with its seed. */
    public Batch at(long step, long seed) {
        return new Batch(features, labels, step, seed);
    }

    public int size() {
        return labels.length;
    }

    /** The labels as an {@code [n, numClasses]} one-hot float matrix. */
    public INDArray oneHotLabels(int numClasses) {
        INDArray oneHot = Nd4j.zeros(DataType.FLOAT, labels.length, numClasses);
        for (int i = 0; i < labels.length; i++) {
            oneHot.putScalar(i, labels[i], 1.0);
        }
        return oneHot;
    }
}
