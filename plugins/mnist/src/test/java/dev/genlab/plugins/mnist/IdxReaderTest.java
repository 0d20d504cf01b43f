package dev.genlab.plugins.mnist;

import dev.genlab.testing.SharedDatasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.genlab.api.GenLabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real IDX files read whole, cut short, corrupted or rewritten with a single fault. */
class IdxReaderTest {
    private static final Path TEST_IMAGES = SharedDatasets.mnist().resolve("t10k-images-idx3-ubyte.gz");
    private static final Path TEST_LABELS = SharedDatasets.mnist().resolve("t10k-labels-idx1-ubyte.gz");

    @TempDir
    Path temp;

    @Test
    void readsTheMnistTestLabels() {
        int[] labels = new IdxReader(TEST_LABELS).labels(10);

        assertThat(labels).hasSize(10000);
        assertThat(Arrays.copyOf(labels, 5)).containsExactly(7, 2, 1, 0, 4);
    }

    @Test
    void decodesOnlyTheFirstImagesButDigestsTheWholeFile() throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        IdxReader.Images images = new IdxReader(TEST_IMAGES, digest).images(3);

        assertThat(images.count()).isEqualTo(10000);
        assertThat(images.decoded()).isEqualTo(3);
        byte[] raw = TestFiles.gunzip(TEST_IMAGES);
        float[] expected = new float[3 * 784];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (raw[16 + i] & 0xFF) / 255f;
        }
        assertThat(images.pixels()).containsExactly(expected);
        // the uncompressed SHA-256 listed in shared/datasets/README.md
        assertThat(HexFormat.of().formatHex(digest.digest()))
                .isEqualTo("0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7");
    }

    @Test
    void aCutOffDownloadIsReportedAsTruncated() throws IOException {
        byte[] gz = Files.readAllBytes(TEST_IMAGES);
        Path cut = temp.resolve("t10k-images-idx3-ubyte.gz");
        Files.write(cut, Arrays.copyOf(gz, gz.length / 2));

        assertDataError(() -> new IdxReader(cut).images(Integer.MAX_VALUE), cut)
                .withMessageContaining("is truncated: the gzip data ends early");
    }

    @Test
    void contentShorterThanItsHeaderPromisesIsReportedAsTruncated() {
        byte[] raw = TestFiles.gunzip(TEST_IMAGES);
        Path shortFile = temp.resolve("t10k-images-idx3-ubyte.gz");
        TestFiles.gzip(Arrays.copyOf(raw, 16 + 100 * 784), shortFile); // intact gzip, 100 of 10,000 images

        assertDataError(() -> new IdxReader(shortFile).images(10), shortFile)
                .withMessageContaining("is truncated: its header promises 7840016 uncompressed bytes but it ends"
                        + " after 78416");
    }

    @Test
    void garbageIsNotGzip() throws IOException {
        Path garbage = temp.resolve("train-images-idx3-ubyte.gz");
        byte[] bytes = new byte[4096];
        new Random(7).nextBytes(bytes);
        Files.write(garbage, bytes);

        assertDataError(() -> new IdxReader(garbage).images(10), garbage)
                .withMessageContaining("is corrupt or not gzip-compressed (Not in GZIP format)");
    }

    @Test
    void corruptCompressedDataIsNoticed() throws IOException {
        byte[] gz = Files.readAllBytes(TEST_LABELS);
        for (int i = 100; i < 200; i++) {
            gz[i] = (byte) 0xFF;
        }
        Path corrupt = temp.resolve("t10k-labels-idx1-ubyte.gz");
        Files.write(corrupt, gz);

        assertDataError(() -> new IdxReader(corrupt).labels(10), corrupt)
                .withMessageContaining("is corrupt or not gzip-compressed");
    }

    @Test
    void anEmptyFileIsTruncated() throws IOException {
        Path empty = Files.createFile(temp.resolve("train-labels-idx1-ubyte.gz"));

        assertDataError(() -> new IdxReader(empty).labels(10), empty)
                .withMessageContaining("is truncated: it ends inside the gzip header");
    }

    @Test
    void aLabelFileIsNotAnImageFile() throws IOException {
        Path labels = temp.resolve("train-images-idx3-ubyte.gz");
        Files.copy(TEST_LABELS, labels);

        assertDataError(() -> new IdxReader(labels).images(10), labels)
                .withMessageContaining("is not an IDX image file: magic number 0x00000801, expected 0x00000803");
    }

    @Test
    void imagesOtherThan28By28AreRejected() {
        Path file = temp.resolve("train-images-idx3-ubyte.gz");
        TestFiles.writeImages(file, 2, 32, 32, new byte[2 * 32 * 32]);

        assertDataError(() -> new IdxReader(file).images(10), file)
                .withMessageContaining("holds 32x32 images, expected 28x28");
    }

    @Test
    void aLabelOutsideTheClassesIsReportedWithItsIndex() {
        byte[] raw = TestFiles.gunzip(TEST_LABELS);
        raw[8 + 1234] = 12;
        Path file = temp.resolve("t10k-labels-idx1-ubyte.gz");
        TestFiles.gzip(raw, file);

        assertDataError(() -> new IdxReader(file).labels(10), file)
                .withMessageContaining("label 12 at index 1234 is outside 0-9");
    }

    @Test
    void dataBeyondWhatTheHeaderPromisesIsRejected() {
        Path file = temp.resolve("t10k-labels-idx1-ubyte.gz");
        byte[] raw = TestFiles.gunzip(TEST_LABELS);
        TestFiles.gzip(TestFiles.concat(raw, new byte[] {1, 2, 3}), file);

        assertDataError(() -> new IdxReader(file).labels(10), file)
                .withMessageContaining("holds more data than the 10008 bytes its header promises");
    }

    @Test
    void anImpossibleCountInTheHeaderIsRejectedBeforeAllocating() {
        Path file = temp.resolve("train-images-idx3-ubyte.gz");
        TestFiles.writeImages(file, Integer.MAX_VALUE, 28, 28, new byte[784]);

        assertDataError(() -> new IdxReader(file).images(Integer.MAX_VALUE), file)
                .withMessageContaining("invalid item count 2147483647");
    }

    @Test
    void aMissingFileIsNamed() {
        Path file = temp.resolve("train-images-idx3-ubyte.gz");

        assertDataError(() -> new IdxReader(file).images(10), file).withMessageContaining("does not exist");
    }

    /** Every structural fault is a DATA error whose message starts with the file's path. */
    private static ThrowableAssertAlternative<GenLabException> assertDataError(ThrowingCallable read, Path file) {
        return assertThatExceptionOfType(GenLabException.class).isThrownBy(read)
                .withMessageStartingWith(file + " ")
                .satisfies(e -> assertThat(e.category()).isEqualTo(GenLabException.Category.DATA));
    }
}
