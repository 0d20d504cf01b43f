package dev.genlab.core.sampling;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Dataset;
import dev.genlab.api.DatasetContext;
import dev.genlab.api.GenLabException;
import dev.genlab.api.Model;
import dev.genlab.api.ModelContext;
import dev.genlab.api.Split;
import dev.genlab.core.plugin.BoundModel;
import dev.genlab.core.plugin.PluginRegistry;
import dev.genlab.core.run.Console;
import dev.genlab.core.run.ModelArtifacts;
import dev.genlab.core.spec.ExperimentConfig;
import dev.genlab.core.spec.SpecBinder;
import dev.genlab.core.spec.SpecReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Turns a saved run (its {@code spec.yaml} and {@code model/} artifacts) into N generated images, or
 * reconstructions for autoencoders: a PNG grid or an IDX file. Images are made and written a chunk at a time,
 * so an export of a million images needs the memory of one chunk; the output appears only when complete. With
 * {@link RequestedLabels} a conditional model makes images of those classes, and an IDX export gets its labels
 * file beside it.
 */
public final class Sampler {
    /** The most images one export makes: 784 MB of MNIST-sized IDX. */
    public static final long MAX_COUNT = 1_000_000;
    /** The most images in a PNG grid (100 x 100). */
    static final long MAX_GRID = 10_000;
    /** Images made by one call of the model. */
    static final int CHUNK = 1_000;
    /** Spreads the seeds of successive chunks (the golden-ratio increment of SplitMix64). */
    private static final long SEED_STEP = 0x9E3779B97F4A7C15L;

    private final PluginRegistry registry;
    private final Path dataRoot;
    private final Console console;

    public Sampler(PluginRegistry registry, Path dataRoot, Console console) {
        this.registry = requireNonNull(registry, "registry is null");
        this.dataRoot = requireNonNull(dataRoot, "dataRoot is null");
        this.console = requireNonNull(console, "console is null");
    }

    public void sample(Path runArtifacts, long count, long seed, Path output) {
        sample(runArtifacts, count, seed, output, Optional.empty());
    }

    /** {@link #sample(Path, long, long, Path)}, of the {@code labels} classes when given (a conditional model). */
    public void sample(Path runArtifacts, long count, long seed, Path output, Optional<RequestedLabels> labels) {
        boolean grid = format(output);
        if (count < 1 || count > MAX_COUNT) {
            throw new GenLabException(GenLabException.Category.CONFIG, String.format(Locale.ROOT,
                    "--count %,d: sample makes from 1 to %,d images at a time", count, MAX_COUNT));
        }
        if (grid && count > MAX_GRID) {
            throw new GenLabException(GenLabException.Category.CONFIG, String.format(Locale.ROOT, "--count %,d: a PNG"
                    + " grid holds at most %,d images; write an IDX file for more (--out samples-idx3-ubyte.gz)",
                    count, MAX_GRID));
        }
        Optional<Path> labelsOutput = labels.isPresent() && !grid
                ? Optional.of(RequestedLabels.labelsFile(output)) : Optional.empty();
        int classes = labels.map(requested -> requested.classes().size()).orElse(1);
        if (grid && count % classes != 0) {
            throw new GenLabException(GenLabException.Category.CONFIG, String.format(Locale.ROOT, "--count %,d: a PNG"
                    + " grid with --labels has one row per class, so the count must be a multiple of the %d classes"
                    + " asked for", count, classes));
        }
        Path spec = runArtifacts.resolve("spec.yaml");
        Path modelDirectory = runArtifacts.resolve(ModelArtifacts.DIRECTORY);
        if (!Files.isRegularFile(spec) || !Files.isDirectory(modelDirectory)) {
            throw new GenLabException(GenLabException.Category.CONFIG, runArtifacts + " is not a saved run: it needs"
                    + " spec.yaml and model/ (a run's artifact directory, such as"
                    + " mlartifacts/<experiment id>/<run id>/artifacts in the local store)");
        }
        ExperimentConfig config = new SpecBinder(registry).bind(SpecReader.read(spec), List.of());
        BoundModel<?> factory = config.model();
        Dataset data = config.dataset().create(new DatasetContext(dataRoot, config.seed(), console::info));
        if (factory.reconstructs() && count > data.test().size()) {
            throw new GenLabException(GenLabException.Category.CONFIG, String.format(Locale.ROOT, "--count %,d: model"
                    + " '%s' makes reconstructions of test images, and the run's test split of %s holds %,d: ask for"
                    + " at most that many", count, config.model().type(), data.name(), data.test().size()));
        }
        ModelContext context = new ModelContext(data.shape(), data.classes(), config.training().settings(),
                config.seed());
        Path partial = output.resolveSibling(output.getFileName() + ".part");
        Optional<Path> labelsPartial = labelsOutput.map(file -> file.resolveSibling(file.getFileName() + ".part"));
        try (Model model = load(factory, context, modelDirectory)) {
            int[] sequence = labels.map(requested -> labelSequence(requested, model, config.model(),
                    runArtifacts, (int) count, grid, seed)).orElse(null);
            createParent(output);
            write(model, factory.reconstructs(), data, count, seed, partial, grid ? null : output, sequence,
                    labelsPartial.orElse(null));
            if (labelsPartial.isPresent()) {
                Files.move(labelsPartial.get(), labelsOutput.get(), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new GenLabException(GenLabException.Category.DATA, "Cannot write " + output + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(partial);
            labelsPartial.ifPresent(Sampler::deleteQuietly);
        }
        console.info(String.format(Locale.ROOT, "Wrote %,d images of %s from model '%s' to %s", count,
                data.shape(), config.model().type(), output));
        labelsOutput.ifPresent(file -> console.info("Wrote their labels (classes " + labels.get().classes().stream()
                .map(String::valueOf).collect(Collectors.joining(",")) + ", balanced, shuffled) to " + file));
    }

    /** The labels to make, for a conditional model only: class by class for a grid, else shuffled by the seed. */
    private static int[] labelSequence(RequestedLabels labels, Model model, BoundModel<?> bound, Path run,
            int count, boolean grid, long seed) {
        String type = bound.type();
        if (model.conditionalClasses() == 0) {
            boolean canBe = Arrays.stream(bound.parameters().getClass().getRecordComponents())
                    .anyMatch(component -> component.getName().equals("conditional"));
            throw new GenLabException(GenLabException.Category.CONFIG, "--labels: model '" + type + "' of " + run
                    + " is not conditional, so it cannot make images of a requested class ("
                    + (canBe ? "train it with model.conditional: true)" : "'" + type + "' has no conditional form)"));
        }
        labels.check(model.conditionalClasses(), type);
        return labels.sequence(count, grid, seed);
    }

    /**
     * Makes {@code count} images a chunk at a time into {@code file}: a PNG grid, or an IDX file when {@code idx}
     * (the final name, which says whether to compress) is given. Reconstructions take successive test images.
     */
    private void write(Model model, boolean reconstructs, Dataset data, long count, long seed, Path file, Path idx,
            int[] labels, Path labelsFile) throws IOException {
        ExportProgress progress = count > CHUNK ? new ExportProgress(console, count) : null;
        // a labelled grid is class by class, one row per class
        int columns = labels == null || idx != null ? 0 : (int) (count / Arrays.stream(labels).distinct().count());
        try (ImageSink sink = idx == null ? new GridWriter(file, data.shape(), columns)
                : new IdxWriter(file, idx.toString().endsWith(".gz"), data.shape(), count);
                IdxLabelWriter labelSink = labelsFile == null ? null
                        : new IdxLabelWriter(labelsFile, idx.toString().endsWith(".gz"), (int) count)) {
            for (long from = 0, chunk = 0; from < count; from += CHUNK, chunk++) {
                int n = (int) Math.min(CHUNK, count - from);
                INDArray images;
                if (labels == null) {
                    Split inputs = reconstructs ? rows(data.test(), (int) from, n) : data.test();
                    images = model.generate(n, inputs, seed + chunk * SEED_STEP);
                } else {
                    int[] requested = Arrays.copyOfRange(labels, (int) from, (int) from + n);
                    images = model.generate(requested, seed + chunk * SEED_STEP);
                    if (labelSink != null) {
                        labelSink.append(requested);
                    }
                }
                if (images.rows() != n || images.columns() != data.shape().pixels()) {
                    throw new GenLabException(GenLabException.Category.PLUGIN, String.format(Locale.ROOT,
                            "The model made %,d images of %,d values where %,d of %s were asked for", images.rows(),
                            images.columns(), n, data.shape()));
                }
                sink.append(images);
                if (progress != null) {
                    progress.update(from + n);
                }
            }
        }
    }

    /** Rows {@code from} to {@code from + n} of {@code split}. */
    private static Split rows(Split split, int from, int n) {
        return new Split(split.features().get(NDArrayIndex.interval(from, from + n), NDArrayIndex.all()),
                Arrays.copyOfRange(split.labels(), from, from + n));
    }

    /** True for a PNG grid, false for an IDX file; anything else is refused before any work. */
    private static boolean format(Path output) {
        String name = output.getFileName() == null ? "" : output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            return true;
        }
        if (name.contains("idx")) {
            return false;
        }
        throw new GenLabException(GenLabException.Category.CONFIG, "--out " + output
                + ": name a .png file (a grid) or an IDX file (.idx, .idx3-ubyte, optionally .gz)");
    }

    private static void createParent(Path output) throws IOException {
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover .part file is harmless
        }
    }

    private static Model load(BoundModel<?> model, ModelContext context, Path directory) {
        try {
            return model.load(context, directory);
        } catch (UnsupportedOperationException e) {
            throw new GenLabException(GenLabException.Category.PLUGIN, e.getMessage(), e);
        } catch (IOException e) {
            throw new GenLabException(GenLabException.Category.DATA, "Cannot load the model in " + directory + ": "
                    + e, e);
        }
    }
}
