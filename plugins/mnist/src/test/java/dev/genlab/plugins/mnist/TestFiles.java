package dev.genlab.plugins.mnist;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Reads, writes and checksums gzip-compressed IDX files for tests, independently of the code under test. */
final class TestFiles {
    private TestFiles() {
    }

    /**
     * The mean of all elements, summed in double precision: ND4J's {@code meanNumber()} accumulates a float
     * matrix in float and is off by about 1% over Fashion-MNIST's 47 million pixels (0.2887 for 0.2860).
     */
    static double mean(INDArray values) {
        return values.sum(1).castTo(DataType.DOUBLE).sumNumber().doubleValue() / values.length();
    }

    static byte[] gunzip(Path file) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void gzip(byte[] content, Path file) {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An IDX image file: magic, count, rows, columns (big-endian), then the pixel bytes. */
    static void writeImages(Path file, int count, int rows, int columns, byte[] pixels) {
        ByteBuffer header = ByteBuffer.allocate(16).putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows)
                .putInt(columns);
        gzip(concat(header.array(), pixels), file);
    }

    static void writeLabels(Path file, byte... labels) {
        ByteBuffer header = ByteBuffer.allocate(8).putInt(IdxReader.LABELS_MAGIC).putInt(labels.length);
        gzip(concat(header.array(), labels), file);
    }

    /** An IDX file as {@code genlab sample} writes one: gzip-compressed when its name ends in .gz, else plain. */
    static Path write(Path file, byte[] content) {
        try {
            if (file.getFileName().toString().endsWith(".gz")) {
                gzip(content, file);
            } else {
                Files.write(file, content);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The content of an IDX file of grey images: magic 0x0803, count, rows, columns, then the pixel bytes. */
    static byte[] images(int count, int rows, int columns, byte[] pixels) {
        return concat(ByteBuffer.allocate(16).putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows)
                .putInt(columns).array(), pixels);
    }

    /** The content of an IDX file of labels: magic 0x0801, count, then one byte each. */
    static byte[] labels(byte... labels) {
        return concat(ByteBuffer.allocate(8).putInt(IdxReader.LABELS_MAGIC).putInt(labels.length).array(), labels);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static String hash(String algorithm, byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            for (byte[] part : parts) {
                digest.update(part);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String md5(Path file) {
        try {
            return hash("MD5", Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The variant with the MD5s of the files in {@code directory} in place of the official ones. */
    static Variant withMd5sOf(Variant variant, Path directory) {
        return new Variant(variant.name(), variant.description(), variant.classes(),
                local(variant.trainImages(), directory), local(variant.trainLabels(), directory),
                local(variant.testImages(), directory), local(variant.testLabels(), directory), variant.mirrors());
    }

    private static DataFile local(DataFile file, Path directory) {
        return new DataFile(file.name(), md5(directory.resolve(file.name())));
    }
}
