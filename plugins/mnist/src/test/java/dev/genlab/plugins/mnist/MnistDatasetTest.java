package dev.genlab.plugins.mnist;

import dev.genlab.testing.SharedDatasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.genlab.api.Dataset;
import dev.genlab.api.DatasetContext;
import dev.genlab.api.GenLabException;
import dev.genlab.api.ImageShape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The real MNIST files from the shared datasets, loaded the way a run loads them. */
class MnistDatasetTest {
    private static final MnistDatasetFactory FACTORY = new MnistDatasetFactory(Variant.MNIST);
    private static final List<String> MESSAGES = new ArrayList<>();
    private static Dataset mnist;

    @BeforeAll
    static void loadOnce() {
        // no dataDir: the files come from the data root's mnist/ sub-directory, as with GENLAB_DATA_DIR
        MnistParameters parameters = new MnistParameters(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), false, List.of(), Map.of());
        mnist = FACTORY.create(parameters, new DatasetContext(SharedDatasets.root(), 1, MESSAGES::add));
    }

    @Test
    void loadsSixtyThousandTrainingAndTenThousandTestImages() {
        assertThat(mnist.name()).isEqualTo("mnist");
        assertThat(mnist.shape()).isEqualTo(new ImageShape(1, 28, 28));
        assertThat(mnist.classes()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(mnist.train().features().shape()).containsExactly(60000, 784);
        assertThat(mnist.train().features().dataType()).isEqualTo(DataType.FLOAT);
        assertThat(mnist.train().labels()).hasSize(60000);
        assertThat(mnist.test().features().shape()).containsExactly(10000, 784);
        assertThat(mnist.test().labels()).hasSize(10000);
        assertThat(mnist.source()).isEqualTo(SharedDatasets.mnist().toAbsolutePath().normalize().toString());
        assertThat(MESSAGES).as("nothing to download").isEmpty();
    }

    @Test
    void firstTrainingImageIsAFiveAndFirstTestImageASeven() {
        assertThat(mnist.train().labels()[0]).isEqualTo(5);
        assertThat(mnist.test().labels()[0]).isEqualTo(7);
    }

    @Test
    void classesHaveTheirKnownSizes() {
        int[] counts = new int[10];
        for (int label : mnist.train().labels()) {
            counts[label]++;
        }
        assertThat(counts).containsExactly(5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949);
    }

    @Test
    void pixelsLieInTheUnitIntervalWithTheKnownMean() {
        assertThat(mnist.train().features().minNumber().doubleValue()).isEqualTo(0.0);
        assertThat(mnist.train().features().maxNumber().doubleValue()).isEqualTo(1.0);
        assertThat(TestFiles.mean(mnist.train().features())).isCloseTo(0.1307, within(0.0001));
        assertThat(TestFiles.mean(mnist.test().features())).isCloseTo(0.1325, within(0.0001));
    }

    @Test
    void digestIsTheSha256OfTheUncompressedFilesInOrder() {
        Path dir = SharedDatasets.mnist();
        String expected = TestFiles.hash("SHA-256",
                TestFiles.gunzip(dir.resolve("train-images-idx3-ubyte.gz")),
                TestFiles.gunzip(dir.resolve("train-labels-idx1-ubyte.gz")),
                TestFiles.gunzip(dir.resolve("t10k-images-idx3-ubyte.gz")),
                TestFiles.gunzip(dir.resolve("t10k-labels-idx1-ubyte.gz")));
        assertThat(mnist.digest()).isEqualTo(expected.substring(0, 16));
    }

    @Test
    void binarizedImagesAreOneAboveTheThresholdAndZeroElsewhere() {
        Dataset binary = FACTORY.create(
                new MnistParameters(Optional.of(SharedDatasets.mnist()), Optional.of(200), Optional.of(50),
                        Optional.of(0.5), false, List.of(), Map.of()),
                new DatasetContext(Path.of("unused"), 1, message -> { }));

        INDArray grey = mnist.train().features().get(NDArrayIndex.interval(0, 200), NDArrayIndex.all());
        assertThat(binary.train().features()).isEqualTo(grey.gt(0.5).castTo(grey.dataType()));
        INDArray greyTest = mnist.test().features().get(NDArrayIndex.interval(0, 50), NDArrayIndex.all());
        assertThat(binary.test().features()).isEqualTo(greyTest.gt(0.5).castTo(greyTest.dataType()));
        double ones = binary.train().features().sumNumber().doubleValue();
        assertThat(ones).as("about 13% of MNIST's pixels are above 0.5").isBetween(0.08 * 200 * 784, 0.2 * 200 * 784);
        assertThat(binary.train().labels()).containsExactly(java.util.Arrays.copyOf(mnist.train().labels(), 200));
        assertThat(binary.digest()).as("another digest: other data").isNotEqualTo(mnist.digest());
    }

    @Test
    void subsetsAreTheFirstImagesOfEachSplit() {
        Dataset subset = FACTORY.create(
                new MnistParameters(Optional.of(SharedDatasets.mnist()), Optional.of(5000), Optional.of(100),
                        Optional.empty(), false, List.of(), Map.of()),
                new DatasetContext(Path.of("unused"), 1, message -> { }));

        assertThat(subset.train().features().shape()).containsExactly(5000, 784);
        assertThat(subset.train().features())
                .isEqualTo(mnist.train().features().get(NDArrayIndex.interval(0, 5000), NDArrayIndex.all()));
        assertThat(subset.train().labels()).containsExactly(java.util.Arrays.copyOf(mnist.train().labels(), 5000));
        assertThat(subset.test().features())
                .isEqualTo(mnist.test().features().get(NDArrayIndex.interval(0, 100), NDArrayIndex.all()));
        assertThat(subset.test().labels()).containsExactly(java.util.Arrays.copyOf(mnist.test().labels(), 100));
        assertThat(subset.digest()).as("the digest identifies the files, not the subset").isEqualTo(mnist.digest());
    }

    @Test
    void configuredChecksumsFromTheReadmeAreAccepted() {
        Map<String, String> readme = Map.of(
                "train-images-idx3-ubyte.gz", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
                "train-labels-idx1-ubyte.gz", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
                "t10k-images-idx3-ubyte.gz", "0FA7898D509279E482958E8CE81C8E77DB3F2F8254E26661CEB7762C4D494CE7",
                "t10k-labels-idx1-ubyte.gz", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");
        Dataset checked = FACTORY.create(new MnistParameters(Optional.of(SharedDatasets.mnist()), Optional.of(10),
                Optional.of(10), Optional.empty(), false, List.of(), readme), new DatasetContext(Path.of("unused"), 1, message -> { }));

        assertThat(checked.train().size()).isEqualTo(10);
    }

    @Test
    void aConfiguredChecksumThatDoesNotMatchNamesTheFile() {
        String wrong = "0".repeat(64);
        MnistParameters parameters = new MnistParameters(Optional.of(SharedDatasets.mnist()), Optional.of(10),
                Optional.of(10), Optional.empty(), false, List.of(), Map.of("train-labels-idx1-ubyte.gz", wrong));

        assertThatThrownBy(() -> FACTORY.create(parameters, new DatasetContext(Path.of("unused"), 1, m -> { })))
                .isInstanceOfSatisfying(GenLabException.class, e -> {
                    assertThat(e.category()).isEqualTo(GenLabException.Category.DATA);
                    assertThat(e.getMessage())
                            .contains(SharedDatasets.mnist().resolve("train-labels-idx1-ubyte.gz").toString())
                            .contains("65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5")
                            .contains(wrong);
                });
    }
}
