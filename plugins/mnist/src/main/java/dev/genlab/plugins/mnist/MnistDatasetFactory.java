package dev.genlab.plugins.mnist;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Dataset;
import dev.genlab.api.DatasetContext;
import dev.genlab.api.DatasetFactory;
import dev.genlab.api.DatasetShape;
import dev.genlab.api.GenLabException;
import dev.genlab.api.GenLabException.Category;
import dev.genlab.api.Problem;
import dev.genlab.api.Split;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.nd4j.linalg.api.ndarray.INDArray;

/** One of the two datasets: finds (or downloads) its files and loads them. */
final class MnistDatasetFactory implements DatasetFactory<MnistParameters> {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final int TRAIN_IMAGES = 60_000;
    private static final int TEST_IMAGES = 10_000;

    private final Variant variant;

    MnistDatasetFactory(Variant variant) {
        this.variant = requireNonNull(variant, "variant is null");
    }

    @Override
    public String name() {
        return variant.name();
    }

    @Override
    public String description() {
        return variant.description();
    }

    @Override
    public MnistParameters defaults() {
        return MnistParameters.defaults(variant);
    }

    /**
     * Mirrors, checksums and the synthetic files (their names, sizes, counts and labels) are checked with the rest
     * of the spec, before anything runs.
     */
    @Override
    public List<Problem> validate(MnistParameters parameters) {
        List<Problem> problems = new ArrayList<>(Mirrors.problems(parameters.mirrors()));
        problems.addAll(sha256Problems(parameters.sha256()));
        problems.addAll(trainingSplitProblems(parameters));
        return problems;
    }

    /**
     * Both datasets are 28x28 grey images, 60,000 for training and 10,000 for testing, or the subsets asked for;
     * with synthetic images, as many training images as the mix adds up to (the file's header tells how many it
     * holds).
     */
    @Override
    public Optional<DatasetShape> shape(MnistParameters parameters) {
        int train = parameters.balancedSubset().or(parameters::trainSubset).orElse(TRAIN_IMAGES);
        if (parameters.synthetic().isPresent()) {
            Optional<MnistParameters.Mix> mix = parameters.mix();
            int synthetic = mix.flatMap(MnistParameters.Mix::synthetic).orElseGet(() -> syntheticCount(parameters));
            train = mix.map(MnistParameters.Mix::realCount).orElse(0) + synthetic;
        }
        return Optional.of(new DatasetShape(DatasetLoader.SHAPE, variant.classes(), train,
                parameters.testSubset().orElse(TEST_IMAGES)));
    }

    private static int syntheticCount(MnistParameters parameters) {
        Path images = parameters.synthetic().orElseThrow().toAbsolutePath().normalize();
        try {
            return new IdxReader(images).imagesHeader().count();
        } catch (GenLabException e) {
            throw new IllegalArgumentException("synthetic: " + e.getMessage(), e);
        }
    }

    @Override
    public Dataset create(MnistParameters parameters, DatasetContext context) {
        requireNonNull(parameters, "parameters is null");
        requireNonNull(context, "context is null");
        checkSubset(parameters.trainSubset().orElse(1), "trainSubset");
        checkSubset(parameters.testSubset().orElse(1), "testSubset");
        checkSha256(parameters.sha256());
        List<Problem> synthetic = trainingSplitProblems(parameters);
        if (!synthetic.isEmpty()) {
            throw new GenLabException(Category.CONFIG, "Invalid dataset",
                    synthetic.stream().map(problem -> "dataset." + problem).toList(), null);
        }
        List<URI> mirrors = Mirrors.parse(parameters.mirrors());
        Path directory = parameters.dataDir()
                .orElseGet(() -> context.dataRoot().resolve(variant.name()))
                .toAbsolutePath()
                .normalize();
        List<DataFile> missing = variant.files().stream()
                .filter(file -> !Files.isRegularFile(directory.resolve(file.name())))
                .toList();
        if (!missing.isEmpty()) {
            if (!parameters.download() || mirrors.isEmpty()) {
                // the user fetches the files by hand, so point at the official mirrors when the spec names none
                List<URI> sources = mirrors.isEmpty() ? Mirrors.parse(variant.mirrors()) : mirrors;
                String why = parameters.download() ? "no mirrors are configured" : "download is off";
                throw MissingFiles.error(variant.name(), "The " + variant.name() + " files are not all in " + directory
                        + " and " + why + ".", directory, missing, sources, List.of());
            }
            new Downloader(variant.name(), mirrors, context.messages()).download(directory, missing);
        }
        Dataset loaded = parameters.synthetic().isPresent() ? mixed(parameters, directory, context)
                : new DatasetLoader(variant, parameters.sha256())
                        .load(directory, parameters.trainSubset(), parameters.testSubset());
        Dataset data = parameters.balancedSubset().map(count -> balanced(loaded, count, context)).orElse(loaded);
        return parameters.binarize().map(threshold -> binarized(data, threshold)).orElse(data);
    }

    /** The real test split and a training split of the real and synthetic images the mix asks for. */
    private Dataset mixed(MnistParameters parameters, Path directory, DatasetContext context) {
        int real = parameters.mix().map(MnistParameters.Mix::realCount).orElse(0);
        // the real images are drawn from the whole training split; without any, one is decoded (the rest still read)
        Dataset loaded = new DatasetLoader(variant, parameters.sha256())
                .load(directory, real == 0 ? Optional.of(1) : Optional.empty(), parameters.testSubset());
        SyntheticFiles files = SyntheticFiles.of(parameters.synthetic().orElseThrow()).orElseThrow();
        int synthetic = parameters.mix().flatMap(MnistParameters.Mix::synthetic)
                .orElseGet(() -> syntheticCount(parameters));
        return SyntheticMix.of(loaded, variant, files, real, synthetic, context.seed(), context.messages());
    }

    /**
     * {@code count} of the training images, drawn as a mix draws its real ones (the same rows for the same seed and
     * count), so that a model trained on them and a classifier trained on them mixed with its images see the same
     * real images.
     */
    private Dataset balanced(Dataset data, int count, DatasetContext context) {
        if (count > data.train().size()) {
            throw new GenLabException(Category.CONFIG, String.format(Locale.ROOT, "dataset.balancedSubset is %,d but"
                    + " %s holds only %,d training images", count, data.source(), data.train().size()));
        }
        int[] rows = BalancedDraw.rows(data.train().labels(), variant.classes().size(), count, context.seed());
        int[] labels = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            labels[i] = data.train().labels()[rows[i]];
        }
        context.messages().accept(String.format(Locale.ROOT, "Using %,d of the %,d training images (classes"
                + " balanced, drawn with seed %d)", rows.length, data.train().size(), context.seed()));
        Split train = new Split(data.train().features().getRows(rows), labels);
        String digest = SyntheticMix.digest(data.digest(), "balanced", rows.length, 0, Long.toString(context.seed()));
        return new Dataset(data.name(), data.shape(), data.classes(), train, data.test(), data.source(), digest);
    }

    /** The problems of {@code synthetic}, {@code mix} and {@code balancedSubset}, with the keys they belong to. */
    private List<Problem> trainingSplitProblems(MnistParameters parameters) {
        if (parameters.balancedSubset().isPresent()) {
            if (parameters.trainSubset().isPresent()) {
                return List.of(Problem.of("balancedSubset", "and trainSubset both choose the training images;"
                        + " set one of them"));
            }
            if (parameters.synthetic().isPresent()) {
                return List.of(Problem.of("balancedSubset", "is for real data alone; with synthetic, mix.real draws"
                        + " the same real images"));
            }
        }
        if (parameters.synthetic().isEmpty()) {
            return parameters.mix().isEmpty() ? List.of() : List.of(Problem.of("mix", "mixes real and synthetic"
                    + " training images, but synthetic (the file of generated images) is not set"));
        }
        List<Problem> problems = new ArrayList<>();
        if (parameters.trainSubset().isPresent()) {
            problems.add(Problem.of("trainSubset", "is for real data alone; with synthetic, mix.real says how many"
                    + " real training images to use"));
        }
        SyntheticFiles.Inspection found = SyntheticFiles.inspect(parameters.synthetic().get(), variant, "synthetic");
        problems.addAll(found.problems());
        if (found.problems().isEmpty()) {
            parameters.mix().flatMap(MnistParameters.Mix::synthetic).filter(count -> count > found.count())
                    .ifPresent(count -> problems.add(Problem.of("mix.synthetic", String.format(Locale.ROOT,
                            "asks for %,d synthetic images but %s holds %,d", count,
                            found.files().orElseThrow().images(), found.count()))));
        }
        return problems;
    }

    /** {@code data} with every pixel above {@code threshold} set to 1 and the others to 0; its digest says so. */
    static Dataset binarized(Dataset data, double threshold) {
        return new Dataset(data.name(), data.shape(), data.classes(), binarized(data.train(), threshold),
                binarized(data.test(), threshold), data.source(), data.digest() + "-binarized-" + threshold);
    }

    private static Split binarized(Split split, double threshold) {
        INDArray pixels = split.features().gt(threshold).castTo(split.features().dataType());
        return new Split(pixels, split.labels());
    }

    private static void checkSubset(int value, String parameter) {
        if (value < 1) {
            throw new GenLabException(Category.CONFIG, "dataset." + parameter + " must be at least 1, got " + value);
        }
    }

    private void checkSha256(Map<String, String> sha256) {
        List<Problem> problems = sha256Problems(sha256);
        if (!problems.isEmpty()) {
            throw new GenLabException(Category.CONFIG, "Invalid dataset.sha256",
                    problems.stream().map(problem -> "dataset." + problem).toList(), null);
        }
    }

    private List<Problem> sha256Problems(Map<String, String> sha256) {
        Set<String> names = variant.files().stream().map(DataFile::name).collect(Collectors.toSet());
        List<Problem> problems = new ArrayList<>();
        new TreeMap<>(sha256).forEach((file, hex) -> {
            if (!names.contains(file)) {
                problems.add(Problem.of("sha256." + file, "not a file of " + variant.name() + "; the files are "
                        + variant.files().stream().map(DataFile::name).collect(Collectors.joining(", "))));
            } else if (!SHA256.matcher(hex).matches()) {
                problems.add(Problem.of("sha256." + file, "'" + hex + "' is not a SHA-256 (64 hex digits)"));
            }
        });
        return problems;
    }
}
