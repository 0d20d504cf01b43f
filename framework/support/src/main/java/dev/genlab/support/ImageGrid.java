package dev.genlab.support;

import dev.genlab.api.ImageShape;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Lays flattened images out as a grid picture, for sample grids and reconstruction rows. */
public final class ImageGrid {
    private static final int GAP = 2;

    private ImageGrid() {
    }

    /**
     * A grid of the rows of {@code images} ({@code [n, pixels]}, values in [0, 1], clipped), {@code columns}
     * wide, each image enlarged {@code scale} times. One channel gives grey, three give colour.
     */
    public static BufferedImage of(INDArray images, ImageShape shape, int columns, int scale) {
        if (images.rank() != 2 || images.columns() != shape.pixels()) {
            throw new IllegalArgumentException("expected [n, " + shape.pixels() + "] images");
        }
        int count = (int) images.rows();
        int rows = Math.max(1, (count + columns - 1) / columns);
        int cell = GAP + shape.width() * scale;
        int cellHeight = GAP + shape.height() * scale;
        BufferedImage grid = new BufferedImage(GAP + columns * cell, GAP + rows * cellHeight,
                shape.channels() == 3 ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
        float[] pixels = images.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).data().asFloat();
        int planeSize = shape.height() * shape.width();
        for (int i = 0; i < count; i++) {
            int left = GAP + (i % columns) * cell;
            int top = GAP + (i / columns) * cellHeight;
            int base = i * shape.pixels();
            for (int y = 0; y < shape.height() * scale; y++) {
                for (int x = 0; x < shape.width() * scale; x++) {
                    int p = (y / scale) * shape.width() + x / scale;
                    int rgb;
                    if (shape.channels() == 3) {
                        rgb = (level(pixels[base + p]) << 16) | (level(pixels[base + planeSize + p]) << 8)
                                | level(pixels[base + 2 * planeSize + p]);
                    } else {
                        int v = level(pixels[base + p]);
                        rgb = (v << 16) | (v << 8) | v;
                    }
                    grid.setRGB(left + x, top + y, rgb);
                }
            }
        }
        return grid;
    }

    /** The image as PNG bytes. */
    public static byte[] png(BufferedImage image) {
        // an in-memory stream: ImageIO's default file cache cannot be made once the JVM is shutting down (Ctrl-C)
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
                if (!ImageIO.write(image, "png", stream)) {
                    throw new IllegalStateException("no PNG writer available");
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int level(float value) {
        if (Float.isNaN(value)) {
            return 0;
        }
        return Math.round(Math.max(0f, Math.min(1f, value)) * 255f);
    }
}
