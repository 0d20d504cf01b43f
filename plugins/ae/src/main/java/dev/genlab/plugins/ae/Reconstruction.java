package dev.genlab.plugins.ae;

import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Reconstruction errors over a whole split, per value, computed in batches to bound memory and summed in double
 * precision: float sums drift by a percent over millions of pixels.
 */
final class Reconstruction {
    static final int BATCH = 1000;
    private static final double EPSILON = 1e-7;

    private Reconstruction() {
    }

    record Errors(double mse, double bce) {
    }

    /**
     * The errors of {@code model} mapping each row of {@code inputs} to the same row of {@code targets}: the
     * input itself for a plain autoencoder, the clean image for a denoising one.
     */
    static Errors errors(UnaryOperator<INDArray> model, INDArray inputs, INDArray targets) {
        double squared = 0;
        double crossEntropy = 0;
        for (long start = 0; start < inputs.rows(); start += BATCH) {
            long end = Math.min(inputs.rows(), start + BATCH);
            INDArray target = rows(targets, start, end);
            INDArray output = model.apply(rows(inputs, start, end));
            squared += squaredError(output, target);
            INDArray clipped = Transforms.max(Transforms.min(output, 1 - EPSILON), EPSILON);
            INDArray bce = target.mul(Transforms.log(clipped))
                    .addi(target.rsub(1).muli(Transforms.log(clipped.rsub(1))));
            crossEntropy -= bce.castTo(DataType.DOUBLE).sumNumber().doubleValue();
        }
        return new Errors(squared / targets.length(), crossEntropy / targets.length());
    }

    /** The mean squared difference of two equally shaped arrays: how far a noisy input is from the clean one. */
    static double mse(INDArray a, INDArray b) {
        return squaredError(a, b) / a.length();
    }

    /**
     * The error on {@code test} of always answering the mean training image: what a model must beat to have
     * learnt anything.
     */
    static double meanImageMse(INDArray train, INDArray test) {
        INDArray mean = train.castTo(DataType.DOUBLE).mean(0);
        INDArray diff = test.castTo(DataType.DOUBLE).subRowVector(mean);
        return diff.muli(diff).sumNumber().doubleValue() / test.length();
    }

    static INDArray rows(INDArray matrix, long start, long end) {
        return matrix.get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
    }

    private static double squaredError(INDArray a, INDArray b) {
        INDArray diff = a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE));
        return diff.muli(diff).sumNumber().doubleValue();
    }
}
