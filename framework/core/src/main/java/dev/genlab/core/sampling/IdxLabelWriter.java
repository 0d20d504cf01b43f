package dev.genlab.core.sampling;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes class labels as an unsigned-byte IDX file of one dimension (MNIST's {@code labels-idx1-ubyte}), optionally
 * gzip-compressed, chunk by chunk; {@link #close()} checks that as many came as the header says.
 */
final class IdxLabelWriter implements AutoCloseable {
    private final DataOutputStream out;
    private final int count;
    private long written;

    /** @param gzip whether to compress, as the final name says ({@code output} may be a temporary name) */
    IdxLabelWriter(Path output, boolean gzip, int count) throws IOException {
        this.count = count;
        OutputStream file = Files.newOutputStream(output);
        try {
            OutputStream maybeZipped = gzip ? new GZIPOutputStream(file, 1 << 16) : file;
            this.out = new DataOutputStream(new BufferedOutputStream(maybeZipped, 1 << 16));
            // magic: two zero bytes, 0x08 (unsigned byte), one dimension
            out.writeInt(0x0801);
            out.writeInt(count);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    void append(int[] labels) throws IOException {
        if (written + labels.length > count) {
            throw new IllegalStateException("expected at most " + (count - written) + " labels, got " + labels.length);
        }
        byte[] bytes = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] > 255) {
                throw new IllegalArgumentException("an IDX label is a byte, got " + labels[i]);
            }
            bytes[i] = (byte) labels[i];
        }
        out.write(bytes);
        written += labels.length;
    }

    @Override
    public void close() throws IOException {
        out.close();
        if (written != count) {
            throw new IllegalStateException("the IDX header announced " + count + " labels, " + written + " came");
        }
    }
}
