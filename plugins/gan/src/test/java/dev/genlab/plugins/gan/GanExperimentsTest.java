package dev.genlab.plugins.gan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.api.Optimizer;
import dev.genlab.testing.GenLabFixture;
import dev.genlab.testing.BoundSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped GAN specs are the reference configuration, and their quick override in the header is valid. */
class GanExperimentsTest {
    @ParameterizedTest
    @ValueSource(strings = {"gan-mnist", "gan-fashion-mnist"})
    void specIsTheReferenceConfiguration(String name) {
        BoundSpec config = bind(name, List.of());

        assertThat(config.runName()).isEqualTo(name);
        assertThat(config.description()).isPresent();
        assertThat(config.seed()).isEqualTo(42);
        assertThat(config.modelParameters()).isEqualTo(GanParameters.DEFAULTS);
        assertThat(config.training().iterations()).isEqualTo(2000);
        assertThat(config.training().batchSize()).isEqualTo(128);
        assertThat(config.training().optimizer()).isEqualTo(Optimizer.adam(4e-4));
        assertThat(config.imageEvery()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gan-mnist", "gan-fashion-mnist"})
    void quickOverrideInTheHeaderIsValid(String name) {
        BoundSpec config = bind(name, List.of("training.iterations=300", "training.batchSize=32",
                "model.generatorFilters=16", "model.discriminatorFilters=8", "tracking.imageEvery=100"));

        assertThat(config.training().iterations()).isEqualTo(300);
    }

    private static BoundSpec bind(String name, List<String> overrides) {
        return GenLabFixture.create().spec(experiments().resolve(name + ".yaml"),
                overrides.toArray(String[]::new));
    }

    /** The repository's experiments/ directory, found by walking up from the module. */
    private static Path experiments() {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("experiments").resolve("gan-mnist.yaml"))) {
                return dir.resolve("experiments");
            }
        }
        throw new IllegalStateException("no experiments/gan-mnist.yaml above " + Paths.get("").toAbsolutePath());
    }
}
