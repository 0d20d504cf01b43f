package dev.genlab.tracking.images;

import java.io.ByteArrayOutputStream;

/** Packs bit fields least significant bit first, the order a WebP lossless (VP8L) decoder reads them in. */
final class LsbBitWriter {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private long pending;
    private int pendingBits;

    /** Appends the {@code count} low bits of {@code value} (count at most 32). */
    void write(int value, int count) {
        if (count < 0 || count > 32) {
            throw new IllegalArgumentException("bit count " + count + " outside 0..32");
        }
        long bits = count == 32 ? value & 0xffffffffL : value & ((1L << count) - 1);
        pending |= bits << pendingBits;
        pendingBits += count;
        while (pendingBits >= 8) {
            bytes.write((int) (pending & 0xff));
            pending >>>= 8;
            pendingBits -= 8;
        }
    }

    /** The bytes written so far, the last one padded with zero bits. */
    byte[] toByteArray() {
        ByteArrayOutputStream copy = new ByteArrayOutputStream(bytes.size() + 1);
        copy.writeBytes(bytes.toByteArray());
        if (pendingBits > 0) {
            copy.write((int) (pending & 0xff));
        }
        return copy.toByteArray();
    }
}
