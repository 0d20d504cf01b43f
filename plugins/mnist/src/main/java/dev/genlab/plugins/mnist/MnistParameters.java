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
 * @param balancedSubset how many training images to use, drawn with the classes balanced
 * @param download whether missing files are downloaded
 * @param mirrors base URLs the files are downloaded from, tried in order
 * @param sha256 expected SHA-256 of the uncompressed content, by file name
 * @param synthetic an IDX file of generated images to train on, its labels beside it by MNIST's naming
 * @param mix how many real and synthetic images make the training split when {@code synthetic} is set
 */
public record MnistParameters(
        @Description("directory holding the four IDX .gz files (default: <data root>/<dataset name>)") @Setting
        Optional<Path> dataDir,
        @Description("use only the first n training images") @Min(1) @Max(60000)
        Optional<Integer> trainSubset,
        @Description("use only the first n test images") @Min(1) @Max(10000)
        Optional<Integer> testSubset,
        @Description("use only n training images, drawn with the classes balanced and the experiment's seed (the "
                + "same images as mix.real: n), for training on a few labelled images") @Min(1) @Max(60000)
        Optional<Integer> balancedSubset,
        @Description("pixels above this threshold become 1, the others 0, in training and test images alike (the "
                + "binarized MNIST of Bernoulli models); default: grey levels") @Min(0) @Max(value = 1, exclusive = true)
        Optional<Double> binarize,
        @Description("download missing files from the mirrors") @Setting
        boolean download,
        @Description("base URLs to download from, tried in order") @Setting
        List<String> mirrors,
        @Description("expected SHA-256 of uncompressed content, by file name (train-images-idx3-ubyte.gz: ...)")
        @Setting
        Map<String, String> sha256,
        @Description("an IDX file of generated images to train on, X-images-idx3-ubyte[.gz] with its labels in "
                + "X-labels-idx1-ubyte[.gz] beside it (genlab sample --labels); relative to the working directory. "
                + "The test split stays the real one")
        Optional<Path> synthetic,
        @Description("the training split with synthetic: {real: k, synthetic: n}, k real images (a class-balanced "
                + "draw with the experiment's seed; default 0) and n synthetic ones (default: all of the file; fewer "
                + "are drawn class-balanced)")
        Optional<Mix> mix) {

    /**
     * How many real and synthetic images make the training split.
     *
     * @param real how many real training images, drawn with the classes balanced; none when empty
     * @param synthetic how many of the synthetic images, drawn with the classes balanced; all when empty
     */
    public record Mix(
            @Description("real training images, drawn class-balanced with the experiment's seed (default 0)")
            @Min(0) @Max(60000)
            Optional<Integer> real,
            @Description("synthetic images, drawn class-balanced when fewer than the file holds (default: all)")
            @Min(1)
            Optional<Integer> synthetic) {
        public Mix {
            requireNonNull(real, "real is null");
            requireNonNull(synthetic, "synthetic is null");
        }

        int realCount() {
            return real.orElse(0);
        }
    }

    public MnistParameters {
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(trainSubset, "trainSubset is null");
        requireNonNull(testSubset, "testSubset is null");
        requireNonNull(balancedSubset, "balancedSubset is null");
        requireNonNull(binarize, "binarize is null");
        mirrors = List.copyOf(mirrors);
        sha256 = Map.copyOf(sha256);
        requireNonNull(synthetic, "synthetic is null");
        requireNonNull(mix, "mix is null");
    }

    /** Parameters of real data alone. */
    public MnistParameters(Optional<Path> dataDir, Optional<Integer> trainSubset, Optional<Integer> testSubset,
            Optional<Double> binarize, boolean download, List<String> mirrors, Map<String, String> sha256) {
        this(dataDir, trainSubset, testSubset, Optional.empty(), binarize, download, mirrors, sha256,
                Optional.empty(), Optional.empty());
    }

    static MnistParameters defaults(Variant variant) {
        return new MnistParameters(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), true,
                variant.mirrors(), Map.of());
    }
}
