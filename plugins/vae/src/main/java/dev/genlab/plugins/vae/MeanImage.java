package dev.genlab.plugins.vae;

import dev.genlab.api.Batch;
import dev.genlab.api.Split;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The baseline a reconstruction must beat: always answering the mean training image. Summed in double
 * precision (float sums drift by about a percent over millions of pixels) and in batches to bound memory.
 */
final class MeanImage {
    private static final int BATCH = 5000;

    private MeanImage() {
    }

    /** The squared error per pixel on {@code test} of the mean image of {@code train}. */
    static double mse(Split train, Split test) {
        INDArray mean = sum(train).divi(train.size());
        double squared = 0;
        for (Batch batch : test.batches(BATCH)) {
            INDArray diff = batch.features().castTo(DataType.DOUBLE).subiRowVector(mean);
            squared += diff.muli(diff).sumNumber().doubleValue();
        }
        return squared / ((double) test.size() * test.features().columns());
    }

    private static INDArray sum(Split split) {
        INDArray sum = Nd4j.zeros(DataType.DOUBLE, split.features().columns());
        for (Batch batch : split.batches(BATCH)) {
            sum.addi(batch.features().castTo(DataType.DOUBLE).sum(0));
        }
        return sum;
    }
}
