package dev.genlab.plugins.mnist;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.GenLabException;
import dev.genlab.api.GenLabException.Category;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads one IDX file of 28x28 images or of labels, gzip-compressed when its name ends in {@code .gz} (as the
 * datasets' files and {@code genlab sample}'s exports are), checking its structure as it goes. Every uncompressed
 * byte is fed to the given digests, so checksums cost no second pass over the data.
 */
final class IdxReader {
    static final int IMAGES_MAGIC = 0x00000803;
    /** Images with a channel dimension, as {@code genlab sample} writes colour images. */
    static final int CHANNEL_IMAGES_MAGIC = 0x00000804;
    static final int LABELS_MAGIC = 0x00000801;
    static final int SIDE = 28;
    static final int PIXELS = SIDE * SIDE;

    private static final int BUFFER = 1 << 16;
    /** Pixel byte to [0, 1], computed once: a table lookup beats a division per pixel. */
    private static final float[] LEVELS = new float[256];

    static {
        for (int i = 0; i < LEVELS.length; i++) {
            LEVELS[i] = i / 255f;
        }
    }

    /** How many images the file holds, and the pixels of the first {@code decoded} of them, row after row. */
    record Images(int count, int decoded, float[] pixels) {
        Images {
            requireNonNull(pixels, "pixels is null");
        }
    }

    /** What an image file's header says: how many images, and their channels, rows and columns. */
    record ImagesHeader(int count, int channels, int rows, int columns) {
        String size() {
            return channels + "x" + rows + "x" + columns;
        }
    }

    private final Path file;
    private final MessageDigest[] digests;

    IdxReader(Path file, MessageDigest... digests) {
        this.file = requireNonNull(file, "file is null");
        this.digests = digests.clone();
    }

    /**
     * Reads an image file, decoding only the first {@code limit} images; the rest are still read, so that a
     * truncated or corrupt file is noticed and the digests cover the whole file.
     */
    Images images(int limit) {
        return read(IMAGES_MAGIC, 16, (header, in) -> {
            int count = header.getInt(4);
            int rows = header.getInt(8);
            int columns = header.getInt(12);
            if (rows != SIDE || columns != SIDE) {
                throw error("holds " + rows + "x" + columns + " images, expected " + SIDE + "x" + SIDE);
            }
            checkCount(count, PIXELS);
            int decoded = Math.min(count, limit);
            byte[] bytes = new byte[decoded * PIXELS];
            long size = 16L + (long) count * PIXELS;
            readFully(in, bytes, 16, size);
            skipFully(in, (long) (count - decoded) * PIXELS, 16L + bytes.length, size);
            float[] pixels = new float[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                pixels[i] = LEVELS[bytes[i] & 0xFF];
            }
            return new Images(count, decoded, pixels);
        });
    }

    /**
     * Reads only the header of an image file, of grey ({@code 0x0803}) or channel ({@code 0x0804}) images: what a
     * spec's check needs without decoding the pixels.
     */
    ImagesHeader imagesHeader() {
        try (InputStream in = open()) {
            byte[] start = in.readNBytes(20);
            ByteBuffer header = ByteBuffer.wrap(start);
            int magic = start.length >= 4 ? header.getInt(0) : 0;
            int size = magic == CHANNEL_IMAGES_MAGIC ? 20 : 16;
            if (start.length >= 4 && magic != IMAGES_MAGIC && magic != CHANNEL_IMAGES_MAGIC) {
                throw error(String.format("is not an IDX image file: magic number 0x%08X, expected 0x%08X", magic,
                        IMAGES_MAGIC));
            }
            if (start.length < size) {
                throw error("is truncated: it ends inside its " + size + "-byte header");
            }
            return magic == IMAGES_MAGIC ? new ImagesHeader(header.getInt(4), 1, header.getInt(8), header.getInt(12))
                    : new ImagesHeader(header.getInt(4), header.getInt(8), header.getInt(12), header.getInt(16));
        } catch (NoSuchFileException e) {
            throw error("does not exist", e);
        } catch (EOFException e) {
            throw error("is truncated: it ends inside the gzip header", e);
        } catch (ZipException e) {
            throw error("is corrupt or not gzip-compressed (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw error("cannot be read: " + e, e);
        }
    }

    /** Reads a label file, checking that every label is a class index below {@code numClasses}. */
    int[] labels(int numClasses) {
        return read(LABELS_MAGIC, 8, (header, in) -> {
            int count = header.getInt(4);
            checkCount(count, 1);
            byte[] bytes = new byte[count];
            readFully(in, bytes, 8, 8L + count);
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = bytes[i] & 0xFF;
                if (labels[i] >= numClasses) {
                    throw error("label " + labels[i] + " at index " + i + " is outside 0-" + (numClasses - 1));
                }
            }
            return labels;
        });
    }

    private interface Body<T> {
        T read(ByteBuffer header, InputStream in) throws IOException;
    }

    private <T> T read(int magic, int headerSize, Body<T> body) {
        Counting counted = null;
        try (InputStream opened = open()) {
            InputStream in = opened;
            for (MessageDigest digest : digests) {
                in = new DigestInputStream(in, digest);
            }
            counted = new Counting(in);
            byte[] header = new byte[headerSize];
            if (counted.readNBytes(header, 0, headerSize) < headerSize) {
                throw error("is truncated: it ends inside its " + headerSize + "-byte header");
            }
            ByteBuffer buffer = ByteBuffer.wrap(header); // big-endian, as IDX is
            int found = buffer.getInt(0);
            if (found != magic) {
                throw error(String.format("is not an IDX %s file: magic number 0x%08X, expected 0x%08X",
                        magic == IMAGES_MAGIC ? "image" : "label", found, magic));
            }
            T result = body.read(buffer, counted);
            if (counted.read() != -1) {
                throw error("holds more data than the " + (counted.count - 1) + " bytes its header promises");
            }
            return result;
        } catch (NoSuchFileException e) {
            throw error("does not exist", e);
        } catch (EOFException e) {
            // GZIPInputStream's word for compressed data that stops before its end, as a cut-off download does
            throw error(counted == null ? "is truncated: it ends inside the gzip header"
                    : "is truncated: the gzip data ends early, after " + counted.count + " uncompressed bytes", e);
        } catch (ZipException e) {
            throw error("is corrupt or not gzip-compressed (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw error("cannot be read: " + e, e);
        }
    }

    /** The file's uncompressed content: through gzip when its name says so. */
    private InputStream open() throws IOException {
        InputStream raw = Files.newInputStream(file);
        if (!file.getFileName().toString().endsWith(".gz")) {
            return new BufferedInputStream(raw, BUFFER);
        }
        try {
            return new GZIPInputStream(raw, BUFFER);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private void checkCount(int count, int bytesPerItem) {
        // a corrupt header can promise more than any array holds; refuse before allocating
        if (count < 1 || count > (Integer.MAX_VALUE - 16) / bytesPerItem) {
            throw error("has an invalid item count " + count + " in its header");
        }
    }

    /** Reads {@code target.length} bytes from {@code offset} on; the header promised {@code size} bytes. */
    private void readFully(InputStream in, byte[] target, long offset, long size) throws IOException {
        int done = 0;
        while (done < target.length) {
            int n = in.read(target, done, target.length - done);
            if (n < 0) {
                throw truncated(offset + done, size);
            }
            done += n;
        }
    }

    private void skipFully(InputStream in, long length, long offset, long size) throws IOException {
        byte[] scratch = new byte[BUFFER];
        long done = 0;
        while (done < length) {
            int n = in.read(scratch, 0, (int) Math.min(scratch.length, length - done));
            if (n < 0) {
                throw truncated(offset + done, size);
            }
            done += n;
        }
    }

    private GenLabException truncated(long found, long size) {
        return error("is truncated: its header promises " + size + " uncompressed bytes but it ends after "
                + found);
    }

    private GenLabException error(String problem) {
        return error(problem, null);
    }

    private GenLabException error(String problem, Throwable cause) {
        return new GenLabException(Category.DATA, file + " " + problem, cause);
    }

    /** Counts the uncompressed bytes read, so errors can say where a file broke off. */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
