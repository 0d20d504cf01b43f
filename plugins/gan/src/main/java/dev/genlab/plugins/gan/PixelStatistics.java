package dev.genlab.plugins.gan;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Mean and standard deviation over every pixel of a set of images, and their mean image: generated images whose
 * statistics stay far from the data's have not learnt the data. Computed in double precision over millions of
 * pixels.
 */
record PixelStatistics(double mean, double std, INDArray meanImage) {
    static PixelStatistics of(INDArray images) {
        INDArray values = images.castTo(DataType.DOUBLE);
        double mean = values.meanNumber().doubleValue();
        double meanSquare = values.mul(values).meanNumber().doubleValue();
        return new PixelStatistics(mean, Math.sqrt(Math.max(0, meanSquare - mean * mean)), values.mean(0));
    }

    /** Mean squared difference per pixel between this set's mean image and {@code other}'s. */
    double meanImageDistance(PixelStatistics other) {
        INDArray difference = meanImage.sub(other.meanImage);
        return difference.mul(difference).meanNumber().doubleValue();
    }
}
