package dev.genlab.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.core.plugin.PluginRegistry;
import dev.genlab.core.spec.ExperimentConfig;
import dev.genlab.core.spec.SpecBinder;
import dev.genlab.core.spec.SpecReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every spec shipped in experiments/ is valid against the bundled plugins. */
class ExperimentsTest {
    static Stream<Path> experiments() throws IOException {
        try (Stream<Path> files = Files.list(Cli.repository().resolve("experiments"))) {
            return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("experiments")
    void validates(Path spec) {
        ExperimentConfig config = new SpecBinder(PluginRegistry.discover()).bind(SpecReader.read(spec), List.of());

        assertThat(config.runName()).isEqualTo(spec.getFileName().toString().replace(".yaml", ""));
        assertThat(config.description()).isPresent();
    }

    @Test
    void validateCommandAcceptsEveryExperimentAndPrintsTheResolvedSpec() throws IOException {
        List<Path> specs = experiments().toList();
        assertThat(specs).hasSizeGreaterThanOrEqualTo(3);
        for (Path spec : specs) {
            Cli cli = Cli.run("validate", spec.toString());
            assertThat(cli.status()).as(cli.err()).isZero();
            assertThat(cli.err()).contains(spec + " is valid");
            assertThat(cli.out()).contains("experiment: ", "dataset:", "model:", "optimizer:");
        }
    }
}
