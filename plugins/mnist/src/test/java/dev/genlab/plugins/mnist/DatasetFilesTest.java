package dev.genlab.plugins.mnist;

import dev.genlab.testing.SharedDatasets;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.genlab.api.DatasetContext;
import dev.genlab.api.GenLabException;
import dev.genlab.api.GenLabException.Category;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faults that only show when a directory's files are read together: files that do not fit, a subset too big. */
class DatasetFilesTest {
    private static final MnistDatasetFactory FACTORY = new MnistDatasetFactory(Variant.MNIST);

    @TempDir
    Path dir;

    @Test
    void imageAndLabelCountsThatDisagreeNameBothFiles() throws IOException {
        TestFiles.writeImages(dir.resolve("train-images-idx3-ubyte.gz"), 3, 28, 28, new byte[3 * 784]);
        TestFiles.writeLabels(dir.resolve("train-labels-idx1-ubyte.gz"), (byte) 1, (byte) 2);
        copyTestSplit();

        assertThatExceptionOfType(GenLabException.class).isThrownBy(() -> FACTORY.create(parameters(Optional.empty()),
                        context()))
                .withMessageContaining(dir.resolve("train-images-idx3-ubyte.gz") + " holds 3 images but "
                        + dir.resolve("train-labels-idx1-ubyte.gz") + " holds 2 labels")
                .matches(e -> e.category() == Category.DATA);
    }

    @Test
    void aSubsetLargerThanTheSplitIsAConfigurationError() throws IOException {
        TestFiles.writeImages(dir.resolve("train-images-idx3-ubyte.gz"), 3, 28, 28, new byte[3 * 784]);
        TestFiles.writeLabels(dir.resolve("train-labels-idx1-ubyte.gz"), (byte) 1, (byte) 2, (byte) 3);
        copyTestSplit();

        assertThatExceptionOfType(GenLabException.class).isThrownBy(() -> FACTORY.create(parameters(Optional.of(5)),
                        context()))
                .withMessageContaining("dataset.trainSubset is 5 but " + dir.resolve("train-images-idx3-ubyte.gz")
                        + " holds only 3 images")
                .matches(e -> e.category() == Category.CONFIG);
    }

    @Test
    void aTruncatedFileInTheDirectoryIsNamed() throws IOException {
        byte[] gz = Files.readAllBytes(SharedDatasets.mnist().resolve("train-labels-idx1-ubyte.gz"));
        TestFiles.writeImages(dir.resolve("train-images-idx3-ubyte.gz"), 3, 28, 28, new byte[3 * 784]);
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), java.util.Arrays.copyOf(gz, 1000));
        copyTestSplit();

        assertThatExceptionOfType(GenLabException.class).isThrownBy(() -> FACTORY.create(parameters(Optional.empty()),
                        context()))
                .withMessageStartingWith(dir.resolve("train-labels-idx1-ubyte.gz") + " is truncated")
                .matches(e -> e.category() == Category.DATA);
    }

    private void copyTestSplit() throws IOException {
        for (String name : List.of("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")) {
            Files.copy(SharedDatasets.mnist().resolve(name), dir.resolve(name));
        }
    }

    private MnistParameters parameters(Optional<Integer> trainSubset) {
        return new MnistParameters(Optional.of(dir), trainSubset, Optional.empty(), Optional.empty(), false, List.of(),
                Map.of());
    }

    private static DatasetContext context() {
        return new DatasetContext(Path.of("unused"), 1, message -> { });
    }
}
