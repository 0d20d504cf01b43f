package dev.genlab.plugins.ae;

import dev.genlab.api.ImageShape;
import dev.genlab.support.ImageGrid;
import java.awt.image.BufferedImage;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Rows of the same images one above the other (inputs, then what the model made of them), enlarged twice. */
final class ComparisonGrid {
    static final int COLUMNS = 16;

    private ComparisonGrid() {
    }

    static BufferedImage of(ImageShape shape, INDArray... rows) {
        return ImageGrid.of(Nd4j.vstack(rows), shape, (int) rows[0].rows(), 2);
    }
}
