package dev.genlab.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genlab.api.GenLabException;
import dev.genlab.core.plugin.PluginRegistry;
import dev.genlab.core.testplugin.MeanImageParameters;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading spec text: what YAML means by anchors, aliases, merge keys and scalars, and the limits on size. */
class SpecReaderTest {
    private final SpecBinder binder = new SpecBinder(PluginRegistry.discover());

    private ExperimentConfig bind(String text, String... overrides) {
        return binder.bind(SpecReader.parse("spec.yaml", text), List.of(overrides));
    }

    @Test
    void anAliasStandsForItsAnchorsValue() {
        ExperimentConfig config = bind("""
                experiment: &name shared-name
                run: *name
                seed: &seven 7
                dataset: bars
                model:
                  type: mean-image
                  nanAtStep: *seven
                training:
                  epochs: &two 2
                  batchSize: *two
                """);

        assertThat(config.experiment()).isEqualTo("shared-name");
        assertThat(config.runName()).isEqualTo("shared-name");
        assertThat(config.seed()).isEqualTo(7);
        assertThat(((MeanImageParameters) config.model().parameters()).nanAtStep()).contains(7);
        assertThat(config.training().epochs()).contains(2);
        assertThat(config.training().batchSize()).isEqualTo(2);
    }

    @Test
    void mergeKeysBringInKeysTheMappingDoesNotSetItself() {
        ExperimentConfig config = bind("""
                experiment: tests
                dataset: &data {type: bars, trainSize: 32}
                model: mean-image
                training:
                  <<: [{epochs: 3, batchSize: 8}, {batchSize: 64, iterations: null}]
                  batchSize: 4
                tracking:
                  <<: {logEvery: 5}
                """);

        assertThat(config.training().epochs()).contains(3);
        assertThat(config.training().batchSize()).as("the mapping's own key wins").isEqualTo(4);
        assertThat(config.training().iterations()).as("set to null by the second mapping").isEmpty();
        assertThat(config.tracking().logEvery()).isEqualTo(5);
        assertThat(config.dataset().parameters().toString()).contains("trainSize=32");
    }

    @Test
    void mergedKeysFromAListTakeTheFirstMappingThatSetsThem() {
        ExperimentConfig config = bind("""
                experiment: tests
                dataset: bars
                model: mean-image
                training:
                  <<: [{epochs: 3}, {epochs: 5, batchSize: 8}]
                """);

        assertThat(config.training().epochs()).contains(3);
        assertThat(config.training().batchSize()).isEqualTo(8);
    }

    @Test
    void scalarsFollowTheYamlCoreSchema() {
        ExperimentConfig config = bind("""
                experiment: yes
                run: "42"
                seed: 1_000
                dataset: bars
                model:
                  type: mean-image
                  initialValue: .5
                training:
                  epochs: 1
                  optimizer:
                    learningRate: 1e-3
                """);

        assertThat(config.experiment()).as("YAML 1.1's yes is text").isEqualTo("yes");
        assertThat(config.runName()).isEqualTo("42");
        assertThat(config.seed()).isEqualTo(1000);
        assertThat(((MeanImageParameters) config.model().parameters()).initialValue()).isEqualTo(0.5);
        assertThat(config.training().optimizer().learningRate()).isEqualTo(1e-3);
    }

    @Test
    void aDirectoryIsNotASpec(@TempDir Path directory) {
        assertThatThrownBy(() -> SpecReader.read(directory))
                .isInstanceOfSatisfying(GenLabException.class, e -> {
                    assertThat(e.category()).isEqualTo(GenLabException.Category.CONFIG);
                    assertThat(e.getMessage()).isEqualTo("Spec file " + directory + " is a directory: name a YAML file");
                });
    }

    @Test
    void aFileAboveTheSizeLimitIsRejectedBeforeItIsRead(@TempDir Path directory) throws IOException {
        Path spec = directory.resolve("huge.yaml");
        byte[] line = ("description: " + "x".repeat(1000) + "\n").getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(spec)) {
            for (int written = 0; written < 50 << 20; written += line.length) {
                out.write(line);
            }
        }
        long size = Files.size(spec);

        assertThatThrownBy(() -> SpecReader.read(spec))
                .isInstanceOfSatisfying(GenLabException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("Invalid spec " + spec + ":");
                    assertThat(e.problems()).containsExactly("the file has " + SpecLimits.count(size)
                            + " bytes; a spec may have at most 1,048,576");
                });
    }

    @Test
    void aSpecJustUnderTheLimitIsRead(@TempDir Path directory) throws IOException {
        Path spec = directory.resolve("padded.yaml");
        String text = """
                experiment: tests
                dataset: bars
                model: mean-image
                training:
                  epochs: 1
                """;
        String padding = "# " + "-".repeat(98) + "\n";
        Files.writeString(spec, text + padding.repeat((SpecLimits.MAX_BYTES - text.length()) / padding.length()));

        assertThat(binder.bind(SpecReader.read(spec), List.of()).experiment()).isEqualTo("tests");
    }

    @Test
    void controlCharactersInAnOverrideAreShownEscapedAndRefused() {
        String spec = """
                experiment: tests
                dataset: bars
                model: mean-image
                training:
                  epochs: 1
                """;
        assertThatThrownBy(() -> bind(spec, "run=red\u001b[31m"))
                .isInstanceOfSatisfying(GenLabException.class, e -> assertThat(e.problems())
                        .containsExactly("--set run=red\\u001B[31m: control characters are not allowed"));
    }
}
