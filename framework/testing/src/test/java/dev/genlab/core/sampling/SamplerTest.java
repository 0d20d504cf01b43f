package dev.genlab.core.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genlab.api.GenLabException;
import dev.genlab.api.Model;
import dev.genlab.api.ModelContext;
import dev.genlab.core.plugin.PluginRegistry;
import dev.genlab.core.run.Console;
import dev.genlab.core.run.ModelArtifacts;
import dev.genlab.core.spec.ExperimentConfig;
import dev.genlab.core.spec.SpecBinder;
import dev.genlab.core.spec.SpecReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code genlab sample}: bounded counts, exports made a chunk at a time with their progress, complete or absent. */
class SamplerTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final Console console = new Console(new PrintStream(printed, true, StandardCharsets.UTF_8), false, false);
    private final Sampler sampler = new Sampler(PluginRegistry.discover(), Path.of("unused-data-root"), console);

    @Test
    void aLargeExportIsWrittenChunkByChunkWithItsProgress(@TempDir Path directory) throws IOException {
        Path run = savedRun(directory);
        Path out = directory.resolve("out/samples-idx3-ubyte");

        sampler.sample(run, 2_500, 3, out);

        ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(out));
        assertThat(file.getInt()).isEqualTo(0x0803);
        assertThat(file.getInt()).isEqualTo(2_500);
        assertThat(file.getInt()).isEqualTo(4);
        assertThat(file.getInt()).isEqualTo(4);
        assertThat(file.remaining()).isEqualTo(2_500 * 16);
        assertThat(printed.toString(StandardCharsets.UTF_8).lines().filter(line -> line.startsWith("sample [")))
                .hasSize(3)
                .last().asString().startsWith("sample [########################] 2,500/2,500 images");
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Wrote 2,500 images of 1x4x4 from model"
                + " 'mean-image' to " + out);
        assertThat(out.resolveSibling("samples-idx3-ubyte.part")).doesNotExist();
    }

    @Test
    void labelsForAModelWithoutAConditionalFormSaySoInOneLine(@TempDir Path directory) throws IOException {
        Path run = savedRun(directory);

        assertThatThrownBy(() -> sampler.sample(run, 10, 0, directory.resolve("x-images-idx3-ubyte"),
                java.util.Optional.of(RequestedLabels.parse("0-1"))))
                .isInstanceOf(GenLabException.class)
                .hasMessage("--labels: model 'mean-image' of " + run + " is not conditional, so it cannot make images"
                        + " of a requested class ('mean-image' has no conditional form)");
    }

    @Test
    void countsBeyondTheLimitsAreRefusedBeforeAnyWork(@TempDir Path directory) {
        Path nothing = directory.resolve("no-run");

        assertThatThrownBy(() -> sampler.sample(nothing, Sampler.MAX_COUNT + 1, 0, directory.resolve("x-idx3-ubyte")))
                .isInstanceOfSatisfying(GenLabException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("--count 1,000,001: sample makes from 1 to 1,000,000 images at a time"));
        assertThatThrownBy(() -> sampler.sample(nothing, 10_001, 0, directory.resolve("grid.png")))
                .isInstanceOfSatisfying(GenLabException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("--count 10,001: a PNG grid holds at most 10,000 images; write an IDX file for"
                                + " more (--out samples-idx3-ubyte.gz)"));
        assertThatThrownBy(() -> sampler.sample(nothing, 10, 0, directory.resolve("samples.jpg")))
                .isInstanceOfSatisfying(GenLabException.class, e -> assertThat(e.getMessage())
                        .startsWith("--out " + directory.resolve("samples.jpg") + ": name a .png file"));
    }

    /** A run directory as a finished run leaves it: the resolved spec and the saved model. */
    private static Path savedRun(Path directory) throws IOException {
        PluginRegistry registry = PluginRegistry.discover();
        ExperimentConfig config = new SpecBinder(registry).bind(SpecReader.parse("spec.yaml", """
                experiment: tests
                dataset: {type: bars, side: 4, trainSize: 8, testSize: 8}
                model: mean-image
                training: {epochs: 1}
                """), List.of());
        Path run = Files.createDirectories(directory.resolve("artifacts"));
        Files.writeString(run.resolve("spec.yaml"), config.resolvedYaml());
        try (Model model = config.model().create(new ModelContext(
                new dev.genlab.api.ImageShape(1, 4, 4), List.of("h", "v"), config.training().settings(), 7))) {
            model.save(run.resolve(ModelArtifacts.DIRECTORY));
        }
        return run;
    }
}
