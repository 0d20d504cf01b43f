package dev.genlab.plugins.vae;

import dev.genlab.api.ImageShape;
import dev.genlab.api.Split;
import dev.genlab.support.ImageGrid;
import java.awt.image.BufferedImage;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The image grids of the final evaluation, drawn from the first images of the test split. */
final class Figures {
    static final int SCALE = 2;
    static final int RECONSTRUCTED = 16;
    static final int PAIRS = 8;
    static final int STEPS = 10;

    private final VaeNetwork network;
    private final ImageShape shape;

    Figures(VaeNetwork network, ImageShape shape) {
        this.network = network;
        this.shape = shape;
    }

    static BufferedImage grid(INDArray images, ImageShape shape, int columns) {
        return ImageGrid.of(images, shape, columns, SCALE);
    }

    /** Two rows: 16 test images above their reconstructions from the posterior mean. */
    BufferedImage reconstructions(Split test) {
        INDArray inputs = test.head(RECONSTRUCTED).features();
        return grid(Nd4j.vstack(inputs, network.reconstruct(inputs)), shape, (int) inputs.rows());
    }

    /**
     * One row per pair of consecutive test images: the first image, {@link #STEPS} images decoded along the
     * straight line between their posterior means, then the second image.
     */
    BufferedImage interpolation(Split test) {
        INDArray images = test.head(2 * PAIRS).features();
        int pairs = (int) images.rows() / 2;
        INDArray means = network.encode(images);
        INDArray codes = Nd4j.create(means.dataType(), (long) pairs * STEPS, means.columns());
        for (int p = 0; p < pairs; p++) {
            INDArray from = means.getRow(2L * p);
            INDArray to = means.getRow(2L * p + 1);
            for (int s = 0; s < STEPS; s++) {
                double t = s / (double) (STEPS - 1);
                codes.putRow((long) p * STEPS + s, from.mul(1 - t).addi(to.mul(t)));
            }
        }
        INDArray decoded = network.decode(codes);
        INDArray rows = Nd4j.create(images.dataType(), (long) pairs * (STEPS + 2), images.columns());
        for (int p = 0; p < pairs; p++) {
            long base = (long) p * (STEPS + 2);
            rows.putRow(base, images.getRow(2L * p));
            for (int s = 0; s < STEPS; s++) {
                rows.putRow(base + 1 + s, decoded.getRow((long) p * STEPS + s));
            }
            rows.putRow(base + STEPS + 1, images.getRow(2L * p + 1));
        }
        return grid(rows, shape, STEPS + 2);
    }
}
