package dev.genlab.plugins.vae;

import dev.genlab.api.Batch;
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
        Batch head = test.head(RECONSTRUCTED);
        INDArray inputs = head.features();
        return grid(Nd4j.vstack(inputs, network.reconstruct(inputs, head.labels())), shape, (int) inputs.rows());
    }

    /**
     * One row per pair of consecutive test images: the first image, {@link #STEPS} images decoded along the
     * straight line between their posterior means, then the second image. A conditional VAE's condition moves
     * along the line between the two images' one-hot labels with the code.
     */
    BufferedImage interpolation(Split test) {
        Batch head = test.head(2 * PAIRS);
        INDArray images = head.features();
        int pairs = (int) images.rows() / 2;
        INDArray means = network.encode(images, head.labels());
        INDArray codes = along(means, pairs);
        INDArray decoded = network.decode(codes, network.classes() == 0 ? null
                : along(network.oneHot(head.labels()), pairs));
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

    /** {@link #STEPS} rows on the straight line from each even row of {@code ends} to the next row. */
    private static INDArray along(INDArray ends, int pairs) {
        INDArray points = Nd4j.create(ends.dataType(), (long) pairs * STEPS, ends.columns());
        for (int p = 0; p < pairs; p++) {
            INDArray from = ends.getRow(2L * p);
            INDArray to = ends.getRow(2L * p + 1);
            for (int s = 0; s < STEPS; s++) {
                double t = s / (double) (STEPS - 1);
                points.putRow((long) p * STEPS + s, from.mul(1 - t).addi(to.mul(t)));
            }
        }
        return points;
    }
}
