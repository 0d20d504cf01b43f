package dev.genlab.plugins.mnist;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Dataset;
import dev.genlab.api.GenLabException;
import dev.genlab.api.GenLabException.Category;
import dev.genlab.api.ImageShape;
import dev.genlab.api.Split;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads a directory's four IDX files into a {@link Dataset}: checks that images and labels fit together and
 * that configured checksums hold, and digests the uncompressed content for tracking.
 */
final class DatasetLoader {
    static final ImageShape SHAPE = new ImageShape(1, IdxReader.SIDE, IdxReader.SIDE);
    /** Hex digits of the dataset digest: enough to tell data apart, short enough to read in a run's tags. */
    static final int DIGEST_LENGTH = 16;

    private final Variant variant;
    private final Map<String, String> sha256;

    /** @param sha256 expected SHA-256 (hex) of the uncompressed content, by file name; already checked */
    DatasetLoader(Variant variant, Map<String, String> sha256) {
        this.variant = requireNonNull(variant, "variant is null");
        this.sha256 = Map.copyOf(sha256);
    }

    Dataset load(Path directory, Optional<Integer> trainSubset, Optional<Integer> testSubset) {
        MessageDigest all = sha256();
        Split train = split(directory, variant.trainImages(), variant.trainLabels(), trainSubset, "trainSubset", all);
        Split test = split(directory, variant.testImages(), variant.testLabels(), testSubset, "testSubset", all);
        String digest = HexFormat.of().formatHex(all.digest()).substring(0, DIGEST_LENGTH);
        return new Dataset(variant.name(), SHAPE, variant.classes(), train, test, directory.toString(), digest);
    }

    private Split split(Path directory, DataFile imagesFile, DataFile labelsFile, Optional<Integer> subset,
            String parameter, MessageDigest all) {
        Path imagesPath = directory.resolve(imagesFile.name());
        Path labelsPath = directory.resolve(labelsFile.name());
        IdxReader.Images images = read(imagesPath, all, reader -> reader.images(subset.orElse(Integer.MAX_VALUE)));
        int[] labels = read(labelsPath, all, reader -> reader.labels(variant.classes().size()));
        if (images.count() != labels.length) {
            throw new GenLabException(Category.DATA, imagesPath + " holds " + images.count() + " images but "
                    + labelsPath + " holds " + labels.length + " labels; the two files do not belong together");
        }
        if (subset.isPresent() && subset.get() > images.count()) {
            throw new GenLabException(Category.CONFIG, "dataset." + parameter + " is " + subset.get() + " but "
                    + imagesPath + " holds only " + images.count() + " images");
        }
        // one bulk copy into native memory; building the matrix element by element would take seconds
        var features = Nd4j.create(images.pixels(), new long[] {images.decoded(), IdxReader.PIXELS}, DataType.FLOAT);
        return new Split(features, Arrays.copyOf(labels, images.decoded()));
    }

    /** Reads one file, also checking its own SHA-256 where one is configured. */
    private <T> T read(Path file, MessageDigest all, Function<IdxReader, T> how) {
        String expected = sha256.get(file.getFileName().toString());
        if (expected == null) {
            return how.apply(new IdxReader(file, all));
        }
        MessageDigest own = sha256();
        T result = how.apply(new IdxReader(file, all, own));
        String actual = HexFormat.of().formatHex(own.digest());
        if (!actual.equals(expected.toLowerCase(Locale.ROOT))) {
            throw new GenLabException(Category.DATA, file + " does not match the configured sha256: its uncompressed"
                    + " content has SHA-256 " + actual + ", expected " + expected);
        }
        return result;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
