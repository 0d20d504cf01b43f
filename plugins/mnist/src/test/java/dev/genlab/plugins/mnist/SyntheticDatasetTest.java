package dev.genlab.plugins.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.genlab.api.Dataset;
import dev.genlab.api.DatasetContext;
import dev.genlab.api.GenLabException;
import dev.genlab.api.GenLabException.Category;
import dev.genlab.api.Problem;
import dev.genlab.testing.SharedDatasets;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Synthetic labelled images, written here as {@code genlab sample --labels} writes them, read alone or mixed with
 * the real MNIST training images; the test split stays MNIST's own.
 */
class SyntheticDatasetTest {
    private static final MnistDatasetFactory FACTORY = new MnistDatasetFactory(Variant.MNIST);
    private static final int TEST_IMAGES = 50;
    private static final int PIXELS = 784;

    @TempDir
    static Path directory;
    private static Dataset mnist;
    /** 60 images, class-blocked (six of class 0, then six of class 1...), image i filled with byte i + 1. */
    private static Path blocked;

    @BeforeAll
    static void loadMnistAndWriteASyntheticSet() {
        mnist = FACTORY.create(parameters(Optional.empty(), Optional.empty()), context(42));
        blocked = write("cgan/train-images-idx3-ubyte.gz", 60, blockedLabels());
    }

    @Test
    void readsSyntheticImagesAloneWithTheirLabelsBesideTheRealTestSplit() {
        byte[] labels = {3, 1, 4, 1, 5, 9, 2, 6};
        Path images = write("alone/train-images-idx3-ubyte.gz", labels.length, labels);
        List<String> messages = new ArrayList<>();

        Dataset data = FACTORY.create(parameters(Optional.of(images), Optional.empty()), context(42, messages));

        assertThat(data.train().size()).isEqualTo(8);
        assertThat(data.train().labels()).containsExactly(3, 1, 4, 1, 5, 9, 2, 6);
        for (int i = 0; i < 8; i++) {
            // image i is filled with byte i + 1, read back in [0, 1]
            assertThat(data.train().features().getRow(i).toFloatVector()).containsOnly((i + 1) / 255f);
        }
        assertThat(data.test().features()).isEqualTo(mnist.test().features()
                .get(NDArrayIndex.interval(0, TEST_IMAGES), NDArrayIndex.all()));
        assertThat(data.test().labels()).containsExactly(Arrays.copyOf(mnist.test().labels(), TEST_IMAGES));
        assertThat(data.name()).isEqualTo("mnist+synthetic");
        assertThat(data.source()).isEqualTo(images.toString());
        assertThat(data.digest()).hasSize(16).isNotEqualTo(mnist.digest());
        assertThat(messages).singleElement().asString().contains("0 real images and 8 synthetic ones from " + images);
    }

    @Test
    void readsUncompressedFilesAsGenlabSampleWritesThemWithoutGz() {
        Path images = write("plain/train-images-idx3-ubyte", 4, new byte[] {7, 7, 0, 1});

        Dataset data = FACTORY.create(parameters(Optional.of(images), Optional.empty()), context(42));

        assertThat(SyntheticFiles.of(images).orElseThrow().labels().getFileName().toString())
                .isEqualTo("train-labels-idx1-ubyte");
        assertThat(data.train().labels()).containsExactly(7, 7, 0, 1);
        assertThat(data.train().features().getRow(3).toFloatVector()).containsOnly(4 / 255f);
    }

    @Test
    void aMixTakesClassBalancedRealImagesFirstThenClassBalancedSyntheticOnes() {
        Dataset data = FACTORY.create(parameters(Optional.of(blocked), mix(100, 40)), context(42));

        assertThat(data.train().size()).isEqualTo(140);
        int[] labels = data.train().labels();
        assertThat(counts(Arrays.copyOfRange(labels, 0, 100))).as("100 real images, 10 a class").containsOnly(10);
        assertThat(counts(Arrays.copyOfRange(labels, 100, 140))).as("40 of the 60 synthetic, 4 a class")
                .containsOnly(4);
        // the first 100 are MNIST training images, with their labels
        int[] realRows = BalancedDraw.rows(mnist.train().labels(), 10, 100, 42);
        assertThat(data.train().features().get(NDArrayIndex.interval(0, 100), NDArrayIndex.all()))
                .isEqualTo(mnist.train().rows(realRows).features());
        assertThat(Arrays.copyOf(labels, 100)).containsExactly(mnist.train().rows(realRows).labels());
        // the rest are synthetic: image i of the file is filled with i + 1 and labelled i / 6
        for (int row = 100; row < 140; row++) {
            float value = data.train().features().getFloat(row, 0);
            int image = Math.round(value * 255) - 1;
            assertThat(data.train().features().getRow(row).toFloatVector()).containsOnly(value);
            assertThat(labels[row]).isEqualTo(image / 6);
        }
    }

    @Test
    void theRealImagesDependOnTheSeedAndTheirCountOnlyNotOnTheSyntheticOnes() {
        Dataset withForty = FACTORY.create(parameters(Optional.of(blocked), mix(100, 40)), context(42));
        Dataset withSixty = FACTORY.create(parameters(Optional.of(blocked), mix(100, 60)), context(42));
        Dataset otherSeed = FACTORY.create(parameters(Optional.of(blocked), mix(100, 60)), context(43));

        INDArray real = firstRows(withForty, 100);
        assertThat(firstRows(withSixty, 100)).isEqualTo(real);
        assertThat(firstRows(otherSeed, 100)).isNotEqualTo(real);
        assertThat(withSixty.train().size()).isEqualTo(160);
        assertThat(counts(Arrays.copyOfRange(withSixty.train().labels(), 100, 160))).containsOnly(6);
    }

    @Test
    void theDigestTellsMixesApartAndRepeatsForTheSameOne() {
        String base = digest(mix(100, 40), 42);

        assertThat(digest(mix(100, 40), 42)).isEqualTo(base);
        assertThat(List.of(digest(mix(200, 40), 42), digest(mix(100, 30), 42), digest(mix(100, 40), 43),
                digest(Optional.empty(), 42), digest(mix(0, 40), 42), mnist.digest()))
                .doesNotHaveDuplicates().doesNotContain(base);
        // all the synthetic images and no real ones, however written: nothing is drawn, so the seed does not matter
        assertThat(digest(Optional.empty(), 42)).isEqualTo(digest(Optional.empty(), 7))
                .isEqualTo(digest(mix(0, 60), 7));
        // other files, other data
        byte[] labels = blockedLabels();
        labels[0] = 1;
        Path changed = write("changed/train-images-idx3-ubyte.gz", 60, labels);
        assertThat(FACTORY.create(parameters(Optional.of(changed), Optional.empty()), context(42)).digest())
                .isNotEqualTo(digest(Optional.empty(), 42));
    }

    @Test
    void theShapeCountsTheMixBeforeAnyImageIsRead() {
        assertThat(FACTORY.shape(parameters(Optional.of(blocked), mix(100, 40))).orElseThrow().trainSize())
                .isEqualTo(140);
        assertThat(FACTORY.shape(parameters(Optional.of(blocked), Optional.empty())).orElseThrow().trainSize())
                .isEqualTo(60);
        assertThat(FACTORY.shape(parameters(Optional.of(blocked),
                Optional.of(new MnistParameters.Mix(Optional.of(1000), Optional.empty())))).orElseThrow().trainSize())
                .isEqualTo(1060);
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = directory.resolve("nowhere/train-images-idx3-ubyte.gz");

        assertThat(problems(missing, Optional.empty()))
                .containsExactly("synthetic: " + missing + " does not exist");
    }

    @Test
    void aFileNotNamedByMnistsRuleHasNoLabelsToFind() {
        Path images = directory.resolve("samples.idx.gz");
        TestFiles.write(images, TestFiles.images(1, 28, 28, new byte[PIXELS]));

        assertThat(problems(images, Optional.empty())).containsExactly("synthetic: samples.idx.gz is not named "
                + "X-images-idx3-ubyte[.gz], with its labels in X-labels-idx1-ubyte[.gz] beside it, so its labels"
                + " cannot be found");
    }

    @Test
    void missingLabelsAreNamedWithTheFileExpectedBesideTheImages() throws IOException {
        Path images = write("unlabelled/train-images-idx3-ubyte.gz", 2, new byte[] {0, 1});
        Files.delete(images.resolveSibling("train-labels-idx1-ubyte.gz"));

        assertThat(problems(images, Optional.empty())).containsExactly("synthetic: the labels of " + images
                + " are missing: expected train-labels-idx1-ubyte.gz beside it");
    }

    @Test
    void labelsOfAnotherCountDoNotBelongToTheImages() {
        Path images = write("short/train-images-idx3-ubyte.gz", 3, new byte[] {0, 1, 2});
        TestFiles.write(images.resolveSibling("train-labels-idx1-ubyte.gz"), TestFiles.labels((byte) 0, (byte) 1));

        assertThat(problems(images, Optional.empty())).containsExactly("synthetic: " + images + " holds 3 images but"
                + " train-labels-idx1-ubyte.gz holds 2 labels; the two files do not belong together");
    }

    @Test
    void imagesOfAnotherSizeThanTheDatasetsAreRefused() {
        Path small = directory.resolve("small/train-images-idx3-ubyte.gz");
        write(small, TestFiles.images(2, 14, 14, new byte[2 * 196]), new byte[] {0, 1});
        Path colour = directory.resolve("colour/train-images-idx3-ubyte.gz");
        byte[] header = ByteBuffer.allocate(20).putInt(IdxReader.CHANNEL_IMAGES_MAGIC).putInt(2).putInt(3).putInt(28)
                .putInt(28).array();
        write(colour, TestFiles.concat(header, new byte[2 * 3 * PIXELS]), new byte[] {0, 1});

        assertThat(problems(small, Optional.empty()))
                .containsExactly("synthetic: " + small + " holds images of 1x14x14, mnist's are 1x28x28");
        assertThat(problems(colour, Optional.empty()))
                .containsExactly("synthetic: " + colour + " holds images of 3x28x28, mnist's are 1x28x28");
    }

    @Test
    void labelsOutsideTheClassesAreCountedAndTheFirstNamed() {
        Path images = write("range/train-images-idx3-ubyte.gz", 4, new byte[] {0, 10, 9, (byte) 200});

        assertThat(problems(images, Optional.empty())).containsExactly("synthetic: "
                + images.resolveSibling("train-labels-idx1-ubyte.gz") + ": label 10 at index 1 is not a class of"
                + " mnist (0-9); 2 labels are outside");
    }

    @Test
    void askingForMoreSyntheticImagesThanTheFileHoldsIsRefused() {
        assertThat(problems(blocked, mix(0, 61)))
                .containsExactly("mix.synthetic: asks for 61 synthetic images but " + blocked + " holds 60");
    }

    @Test
    void aMixWithoutSyntheticImagesAndASubsetBesideThemAreRefused() {
        assertThat(FACTORY.validate(parameters(Optional.empty(), mix(100, 10)))).map(Problem::toString)
                .containsExactly("mix: mixes real and synthetic training images, but synthetic (the file of generated"
                        + " images) is not set");
        MnistParameters subset = new MnistParameters(Optional.of(SharedDatasets.mnist()), Optional.of(1000),
                Optional.empty(), Optional.empty(), Optional.empty(), false, List.of(), Map.of(), Optional.of(blocked),
                Optional.empty());
        assertThat(FACTORY.validate(subset)).map(Problem::toString).containsExactly("trainSubset: is for real data"
                + " alone; with synthetic, mix.real says how many real training images to use");
    }

    @Test
    void aTruncatedFileIsNamedAtValidation() throws IOException {
        Path images = write("cut/train-images-idx3-ubyte.gz", 2, new byte[] {0, 1});
        byte[] bytes = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(bytes, 5));

        assertThat(problems(images, Optional.empty())).singleElement().asString()
                .startsWith("synthetic: " + images + " is truncated");
    }

    @Test
    void creatingFromInvalidParametersFailsAsAConfigErrorWithTheProblems() {
        assertThatExceptionOfType(GenLabException.class)
                .isThrownBy(() -> FACTORY.create(parameters(Optional.of(blocked), mix(0, 61)), context(1)))
                .satisfies(e -> {
                    assertThat(e.category()).isEqualTo(Category.CONFIG);
                    assertThat(e.problems()).containsExactly("dataset.mix.synthetic: asks for 61 synthetic images but "
                            + blocked + " holds 60");
                });
    }

    @Test
    void aBalancedSubsetIsTheRealPartOfAMixWithTheSameSeed() {
        List<String> messages = new ArrayList<>();
        Dataset few = FACTORY.create(parameters(Optional.of(100), Optional.empty(), Optional.empty()),
                context(42, messages));
        Dataset mixed = FACTORY.create(parameters(Optional.of(blocked), mix(100, 40)), context(42));

        assertThat(few.train().size()).isEqualTo(100);
        assertThat(counts(few.train().labels())).as("10 images a class").containsOnly(10);
        assertThat(few.train().labels()).containsExactly(Arrays.copyOf(mixed.train().labels(), 100));
        assertThat(few.train().features()).isEqualTo(firstRows(mixed, 100));
        assertThat(few.test().size()).as("the whole test split").isEqualTo(10_000);
        assertThat(messages).contains("Using 100 of the 60,000 training images (classes balanced, drawn with"
                + " seed 42)");
        assertThat(FACTORY.shape(parameters(Optional.of(100), Optional.empty(), Optional.empty())).orElseThrow()
                .trainSize()).isEqualTo(100);
        // another draw, and not the first 100 images, whose digest the classifier cache would take for it
        Dataset otherSeed = FACTORY.create(parameters(Optional.of(100), Optional.empty(), Optional.empty()),
                context(43));
        assertThat(otherSeed.train().features()).isNotEqualTo(few.train().features());
        assertThat(List.of(otherSeed.digest(), mnist.digest())).doesNotContain(few.digest());
    }

    @Test
    void aBalancedSubsetBesideTrainSubsetOrSyntheticImagesIsRefused() {
        MnistParameters both = new MnistParameters(Optional.of(SharedDatasets.mnist()), Optional.of(1000),
                Optional.empty(), Optional.of(100), Optional.empty(), false, List.of(), Map.of(), Optional.empty(),
                Optional.empty());
        assertThat(FACTORY.validate(both)).map(Problem::toString).containsExactly("balancedSubset: and trainSubset"
                + " both choose the training images; set one of them");
        assertThat(FACTORY.validate(parameters(Optional.of(100), Optional.of(blocked), mix(100, 40))))
                .map(Problem::toString).containsExactly("balancedSubset: is for real data alone; with synthetic,"
                        + " mix.real draws the same real images");
    }

    private static List<String> problems(Path synthetic, Optional<MnistParameters.Mix> mix) {
        return FACTORY.validate(parameters(Optional.of(synthetic), mix)).stream().map(Problem::toString).toList();
    }

    private static String digest(Optional<MnistParameters.Mix> mix, long seed) {
        return FACTORY.create(parameters(Optional.of(blocked), mix), context(seed)).digest();
    }

    private static INDArray firstRows(Dataset data, int rows) {
        return data.train().features().get(NDArrayIndex.interval(0, rows), NDArrayIndex.all());
    }

    private static int[] counts(int[] labels) {
        int[] counts = new int[10];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** Images {@code 0..count-1} under {@code name} in the temporary directory, image i filled with byte i + 1. */
    private static Path write(String name, int count, byte[] labels) {
        byte[] pixels = new byte[count * PIXELS];
        for (int i = 0; i < count; i++) {
            Arrays.fill(pixels, i * PIXELS, (i + 1) * PIXELS, (byte) (i + 1));
        }
        Path images = directory.resolve(name);
        write(images, TestFiles.images(count, 28, 28, pixels), labels);
        return images;
    }

    /** {@code content} as the images file and {@code labels} beside it, compressed as the images' name says. */
    private static void write(Path images, byte[] content, byte[] labels) {
        try {
            Files.createDirectories(images.getParent());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        TestFiles.write(images, content);
        TestFiles.write(SyntheticFiles.of(images).orElseThrow().labels(), TestFiles.labels(labels));
    }

    /** Six of class 0, then six of class 1, ... */
    private static byte[] blockedLabels() {
        byte[] labels = new byte[60];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) (i / 6);
        }
        return labels;
    }

    private static Optional<MnistParameters.Mix> mix(int real, int synthetic) {
        return Optional.of(new MnistParameters.Mix(Optional.of(real), Optional.of(synthetic)));
    }

    private static MnistParameters parameters(Optional<Path> synthetic, Optional<MnistParameters.Mix> mix) {
        return parameters(Optional.empty(), synthetic, mix);
    }

    private static MnistParameters parameters(Optional<Integer> balancedSubset, Optional<Path> synthetic,
            Optional<MnistParameters.Mix> mix) {
        return new MnistParameters(Optional.of(SharedDatasets.mnist()), Optional.empty(),
                synthetic.isPresent() ? Optional.of(TEST_IMAGES) : Optional.empty(), balancedSubset, Optional.empty(),
                false, List.of(), Map.of(), synthetic, mix);
    }

    private static DatasetContext context(long seed, List<String> messages) {
        return new DatasetContext(Path.of("unused"), seed, messages::add);
    }

    private static DatasetContext context(long seed) {
        return context(seed, new ArrayList<>());
    }
}
