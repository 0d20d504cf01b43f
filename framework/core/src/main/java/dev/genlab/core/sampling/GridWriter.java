package dev.genlab.core.sampling;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.ImageShape;
import dev.genlab.support.ImageGrid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Collects images into one PNG grid, square or of a given width, written on {@link #close()}. */
final class GridWriter implements ImageSink {
    private final Path output;
    private final ImageShape shape;
    private final int columns;
    private final List<INDArray> parts = new ArrayList<>();

    /** A square grid. */
    GridWriter(Path output, ImageShape shape) {
        this(output, shape, 0);
    }

    /** A grid {@code columns} wide (0: square). */
    GridWriter(Path output, ImageShape shape, int columns) {
        this.output = requireNonNull(output, "output is null");
        this.shape = requireNonNull(shape, "shape is null");
        this.columns = columns;
    }

    @Override
    public void append(INDArray images) {
        parts.add(images);
    }

    @Override
    public void close() throws IOException {
        INDArray images = parts.size() == 1 ? parts.get(0) : Nd4j.vstack(parts.toArray(INDArray[]::new));
        int width = columns > 0 ? columns : (int) Math.ceil(Math.sqrt(images.rows()));
        Files.write(output, ImageGrid.png(ImageGrid.of(images, shape, width, 2)));
    }
}
