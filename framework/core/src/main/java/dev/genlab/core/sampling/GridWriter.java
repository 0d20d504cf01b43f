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

/** Collects images into one square PNG grid, written on {@link #close()}. */
final class GridWriter implements ImageSink {
    private final Path output;
    private final ImageShape shape;
    private final List<INDArray> parts = new ArrayList<>();

    GridWriter(Path output, ImageShape shape) {
        this.output = requireNonNull(output, "output is null");
        this.shape = requireNonNull(shape, "shape is null");
    }

    @Override
    public void append(INDArray images) {
        parts.add(images);
    }

    @Override
    public void close() throws IOException {
        INDArray images = parts.size() == 1 ? parts.get(0) : Nd4j.vstack(parts.toArray(INDArray[]::new));
        int columns = (int) Math.ceil(Math.sqrt(images.rows()));
        Files.write(output, ImageGrid.png(ImageGrid.of(images, shape, columns, 2)));
    }
}
