package dev.genlab.plugins.ae;

import dev.genlab.api.Batch;
import dev.genlab.api.Split;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
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
            INDArray diff = output.sub(input);
            squared += diff.muli(diff).sumNumber().doubleValue();
            INDArray clipped = Transforms.max(Transforms.min(output, 1 - EPSILON), EPSILON);
            INDArray bce = input.mul(Transforms.log(clipped)).addi(input.rsub(1).muli(Transforms.log(clipped.rsub(1))));
            crossEntropy -= bce.sumNumber().doubleValue();
            values += input.length();
        }
        return new Errors(squared / values, crossEntropy / values);
    }

    /** The error of always answering the split's mean image: what a model must beat to have learnt anything. */
    static double meanImageMse(Split split) {
        INDArray mean = split.features().mean(0);
        INDArray diff = split.features().subRowVector(mean);
        return diff.muli(diff).sumNumber().doubleValue() / split.features().length();
    }
}
