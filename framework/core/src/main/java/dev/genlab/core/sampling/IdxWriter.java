package dev.genlab.core.sampling;

import dev.genlab.api.ImageShape;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes images in [0, 1] as an unsigned-byte IDX file, optionally gzip-compressed, chunk by
 * chunk: the header says how many images follow, and {@link #close()} checks that that many came.
 */
final class IdxWriter implements ImageSink {
    private final DataOutputStream out;
    private final int pixels;
    private final long count;
    private long written;

    /** @param gzip whether to compress, as the final name says ({@code output} may be a temporary name) */
    IdxWriter(Path output, boolean gzip, ImageShape shape, long count) throws IOException {
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("an IDX file holds at most " + Integer.MAX_VALUE + " images");
        }
        this.pixels = shape.pixels();
        this.count = count;
        OutputStream file = Files.newOutputStream(output);
        try {
            OutputStream maybeZipped = gzip ? new GZIPOutputStream(file, 1 << 16) : file;
            this.out = new DataOutputStream(new java.io.BufferedOutputStream(maybeZipped, 1 << 16));
            boolean grey = shape.channels() == 1;
            // magic: two zero bytes, 0x08 (unsigned byte), number of dimensions
            out.writeInt(0x0800 | (grey ? 3 : 4));
            out.writeInt((int) count);
            if (!grey) {
                out.writeInt(shape.channels());
            }
            out.writeInt(shape.height());
            out.writeInt(shape.width());
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    @Override
    public void append(INDArray images) throws IOException {
        float[] values = images.castTo(DataType.FLOAT).data().asFloat();
        if (values.length != images.rows() * pixels || written + images.rows() > count) {
            throw new IllegalStateException("expected at most " + (count - written) + " images of " + pixels
                    + " pixels, got " + images.rows() + " of " + images.columns());
        }
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            float value = Float.isNaN(values[i]) ? 0f : Math.max(0f, Math.min(1f, values[i]));
            bytes[i] = (byte) Math.round(value * 255f);
        }
        out.write(bytes);
        written += images.rows();
    }

    @Override
    public void close() throws IOException {
        out.close();
        if (written != count) {
            throw new IllegalStateException("the IDX header announced " + count + " images, " + written + " came");
        }
    }
}
