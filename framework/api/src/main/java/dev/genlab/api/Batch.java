package dev.genlab.api;

import static java.util.Objects.requireNonNull;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A mini-batch: {@code [n, pixels]} float images in [0, 1] and their n class indices. */
public record Batch(INDArray features, int[] labels) {
    public Batch {
        requireNonNull(features, "features is null");
        requireNonNull(labels, "labels is null");
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
