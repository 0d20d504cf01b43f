package dev.genlab.plugins.ae;

import dev.genlab.api.Batch;
import dev.genlab.api.Split;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Reconstruction errors over a whole split, per pixel, computed in batches to bound memory. */
final class Reconstruction {
    private static final int BATCH = 1000;
    private static final double EPSILON = 1e-7;

    private Reconstruction() {
    }

    record Errors(double mse, double bce) {
    }

    static Errors errors(MultiLayerNetwork network, Split split) {
        double squared = 0;
        double crossEntropy = 0;
        long values = 0;
        for (Batch batch : split.batches(BATCH)) {
            INDArray input = batch.features();
            INDArray output = network.output(input, false);
            INDArray diff = output.sub(input).castTo(DataType.DOUBLE);
            squared += diff.muli(diff).sumNumber().doubleValue();
            INDArray clipped = Transforms.max(Transforms.min(output, 1 - EPSILON), EPSILON);
            INDArray bce = input.mul(Transforms.log(clipped)).addi(input.rsub(1).muli(Transforms.log(clipped.rsub(1))));
            crossEntropy -= bce.sumNumber().doubleValue();
            values += input.length();
        }
        return new Errors(squared / values, crossEntropy / values);
    }

    /**
     * The error on {@code test} of always answering the mean training image: what a model must beat to have
     * learnt anything. Summed in double precision: float sums drift by a percent over millions of pixels.
     */
    static double meanImageMse(Split train, Split test) {
        INDArray mean = train.features().castTo(DataType.DOUBLE).mean(0);
        INDArray diff = test.features().castTo(DataType.DOUBLE).subRowVector(mean);
        return diff.muli(diff).sumNumber().doubleValue() / test.features().length();
    }
}
