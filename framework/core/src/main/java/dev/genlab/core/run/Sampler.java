package dev.genlab.core.run;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Dataset;
import dev.genlab.api.DatasetContext;
import dev.genlab.api.DatasetFactory;
import dev.genlab.api.GenLabException;
import dev.genlab.api.ImageGrid;
import dev.genlab.api.Model;
import dev.genlab.api.ModelContext;
import dev.genlab.api.ModelFactory;
import dev.genlab.core.plugin.PluginRegistry;
import dev.genlab.core.spec.ExperimentConfig;
import dev.genlab.core.spec.SpecBinder;
import dev.genlab.core.spec.SpecReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Turns a saved run (its {@code spec.yaml} and {@code model/} artifacts) into N generated images, or
 * reconstructions for autoencoders: a PNG grid or an IDX file.
 */
public final class Sampler {
    private final PluginRegistry registry;
    private final Path dataRoot;
    private final Console console;

    public Sampler(PluginRegistry registry, Path dataRoot, Console console) {
        this.registry = requireNonNull(registry, "registry is null");
        this.dataRoot = requireNonNull(dataRoot, "dataRoot is null");
        this.console = requireNonNull(console, "console is null");
    }

    public void sample(Path runArtifacts, int count, long seed, Path output) {
        Path spec = runArtifacts.resolve("spec.yaml");
        Path modelDirectory = runArtifacts.resolve(ModelArtifacts.DIRECTORY);
        if (!Files.isRegularFile(spec) || !Files.isDirectory(modelDirectory)) {
            throw new GenLabException(GenLabException.Category.CONFIG, runArtifacts + " is not a saved run: it needs"
                    + " spec.yaml and model/ (a run's artifact directory, such as"
                    + " mlartifacts/<experiment id>/<run id>/artifacts in the local store)");
        }
        ExperimentConfig config = new SpecBinder(registry).bind(SpecReader.read(spec), List.of());
        Dataset data = load(registry.datasets().get(config.dataset().type()), config.dataset().parameters(),
                new DatasetContext(dataRoot, config.seed(), console::info));
        ModelContext context = new ModelContext(data.shape(), data.classes(), config.training().settings(),
                config.seed());
        try (Model model = load(registry.models().get(config.model().type()), config.model().parameters(), context,
                modelDirectory)) {
            INDArray images = model.generate(count, data.test(), seed);
            write(images, data, output);
            console.info(String.format(Locale.ROOT, "Wrote %d images of %s from model '%s' to %s", images.rows(),
                    data.shape(), config.model().type(), output));
        }
    }

    private static void write(INDArray images, Dataset data, Path output) {
        String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (output.toAbsolutePath().getParent() != null) {
                Files.createDirectories(output.toAbsolutePath().getParent());
            }
            if (name.endsWith(".png")) {
                int columns = (int) Math.ceil(Math.sqrt(images.rows()));
                Files.write(output, ImageGrid.png(ImageGrid.of(images, data.shape(), columns, 2)));
            } else if (name.contains("idx")) {
                IdxWriter.write(images, data.shape(), output);
            } else {
                throw new GenLabException(GenLabException.Category.CONFIG, "--out " + output
                        + ": name a .png file (a grid) or an IDX file (.idx, .idx3-ubyte, optionally .gz)");
            }
        } catch (IOException e) {
            throw new GenLabException(GenLabException.Category.DATA, "Cannot write " + output + ": " + e, e);
        }
    }

    private static <P extends Record> Dataset load(DatasetFactory<P> factory, Record parameters,
            DatasetContext context) {
        return factory.create(factory.parametersType().cast(parameters), context);
    }

    private static <P extends Record> Model load(ModelFactory<P> factory, Record parameters, ModelContext context,
            Path directory) {
        try {
            return factory.load(factory.parametersType().cast(parameters), context, directory);
        } catch (UnsupportedOperationException e) {
            throw new GenLabException(GenLabException.Category.PLUGIN, e.getMessage(), e);
        } catch (IOException e) {
            throw new GenLabException(GenLabException.Category.DATA, "Cannot load the model in " + directory + ": "
                    + e, e);
        }
    }
}
