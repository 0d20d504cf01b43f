package dev.genlab.support;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Class labels for conditional models: balanced label sequences to generate from, checked, and one-hot. */
public final class ClassLabels {
    private ClassLabels() {
    }

    /** {@code count} labels taking the classes in turn, {@code 0, 1, ..., classes - 1, 0, 1, ...}: balanced. */
    public static int[] cycled(int classes, int count) {
        requirePositive(classes);
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % classes;
        }
        return labels;
    }

    /** {@code perClass} labels of class 0, then as many of class 1, and so on: one block (a grid row) per class. */
    public static int[] blocked(int classes, int perClass) {
        requirePositive(classes);
        int[] labels = new int[classes * perClass];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i / perClass;
        }
        return labels;
    }

    /** Refuses labels outside {@code [0, classes)}, naming the first one. */
    public static void check(int[] labels, int classes) {
        for (int label : labels) {
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("label " + label + " is not a class of this model (0 to "
                        + (classes - 1) + ")");
            }
        }
    }

    /** The labels as an {@code [n, classes]} one-hot float matrix. */
    public static INDArray oneHot(int[] labels, int classes) {
        check(labels, classes);
        INDArray oneHot = Nd4j.zeros(DataType.FLOAT, labels.length, classes);
        for (int i = 0; i < labels.length; i++) {
            oneHot.putScalar(i, labels[i], 1.0);
        }
        return oneHot;
    }

    private static void requirePositive(int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be positive: " + classes);
        }
    }
}
