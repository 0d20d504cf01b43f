package dev.genlab.plugins.mnist;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Description;
import dev.genlab.api.Max;
import dev.genlab.api.Min;
import dev.genlab.api.Setting;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of the {@code mnist} and {@code fashion-mnist} datasets, as written under {@code dataset:} in a
 * spec ({@code dataset: {type: mnist, trainSubset: 2000}}).
 *
 * @param dataDir the directory holding the four IDX .gz files
 * @param trainSubset how many training images to use, counted from the first
 * @param testSubset how many test images to use, counted from the first
 * @param download whether missing files are downloaded
 * @param mirrors base URLs the files are downloaded from, tried in order
 * @param sha256 expected SHA-256 of the uncompressed content, by file name
 */
public record MnistParameters(
        @Description("directory holding the four IDX .gz files (default: <data root>/<dataset name>)") @Setting
        Optional<Path> dataDir,
        @Description("use only the first n training images") @Min(1) @Max(60000)
        Optional<Integer> trainSubset,
        @Description("use only the first n test images") @Min(1) @Max(10000)
        Optional<Integer> testSubset,
        @Description("pixels above this threshold become 1, the others 0, in training and test images alike (the "
                + "binarized MNIST of Bernoulli models); default: grey levels") @Min(0) @Max(value = 1, exclusive = true)
        Optional<Double> binarize,
        @Description("download missing files from the mirrors") @Setting
        boolean download,
        @Description("base URLs to download from, tried in order") @Setting
        List<String> mirrors,
        @Description("expected SHA-256 of uncompressed content, by file name (train-images-idx3-ubyte.gz: ...)")
        @Setting
        Map<String, String> sha256) {

    public MnistParameters {
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(trainSubset, "trainSubset is null");
        requireNonNull(testSubset, "testSubset is null");
        requireNonNull(binarize, "binarize is null");
        mirrors = List.copyOf(mirrors);
        sha256 = Map.copyOf(sha256);
    }

    static MnistParameters defaults(Variant variant) {
        return new MnistParameters(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), true, variant.mirrors(),
                Map.of());
    }
}
