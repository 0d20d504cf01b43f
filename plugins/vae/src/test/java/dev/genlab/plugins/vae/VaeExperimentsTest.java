package dev.genlab.plugins.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genlab.api.Problem;
import dev.genlab.api.GenLabException;
import dev.genlab.api.Optimizer;
import dev.genlab.api.TrainingSettings;
import dev.genlab.testing.GenLabFixture;
import dev.genlab.testing.BoundSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shipped VAE specs are the reference experiments, and their quick override stays valid. */
class VaeExperimentsTest {
    @ParameterizedTest
    @CsvSource({"vae-mnist, mnist", "vae-fashion-mnist, fashion-mnist"})
    void specRunsTheReferenceConfiguration(String name, String dataset) {
        BoundSpec config = bind(name);

        assertThat(config.runName()).isEqualTo(name);
        assertThat(config.description()).isPresent();
        assertThat(config.seed()).isEqualTo(42);
        assertThat(config.datasetType()).isEqualTo(dataset);
        assertThat(config.modelType()).isEqualTo("vae");
        assertThat(config.modelParameters()).isEqualTo(VaeParameters.DEFAULTS);
        assertThat(config.training()).isEqualTo(new TrainingSettings(30, 0, 128, Optimizer.adam(1e-3)));
    }

    @ParameterizedTest
    @CsvSource({"vae-mnist", "vae-fashion-mnist"})
    void quickOverrideInTheHeaderIsValid(String name) {
        BoundSpec config = bind(name, "dataset.trainSubset=5000", "training.epochs=3");

        assertThat(config.training().epochs()).isEqualTo(3);
    }

    @Test
    void badModelParametersAreReportedTogetherBeforeAnythingRuns() {
        String spec = """
                experiment: vae-bad
                dataset: mnist
                model:
                  type: vae
                  latentDim: 0
                  filters: []
                  likelihood: gauss
                  beta: -1
                training:
                  epochs: 1
                  batchSize: 32
                """;

        assertThatThrownBy(() -> GenLabFixture.create().spec(spec))
                .isInstanceOfSatisfying(GenLabException.class, error -> assertThat(error.problems()).containsExactly(
                        "model.latentDim: must be >= 1, got 0 (line 5)",
                        "model.likelihood: 'gauss' is not one of gaussian, bernoulli (line 7)",
                        "model.beta: must be >= 0, got -1 (line 8)"));
    }

    @Test
    void filtersMustNameAConvolution() {
        VaeParameters none = new VaeParameters(16, List.of(), VaeParameters.Likelihood.GAUSSIAN, 1, 0, 10,
                Optional.empty(), VaeParameters.DecoderActivation.NONE);

        assertThat(new VaeModelFactory().validate(none)).containsExactly(
                Problem.of("filters", "must name at least one convolution"));
        assertThat(new VaeModelFactory().validate(VaeParameters.DEFAULTS)).isEmpty();
    }

    private static BoundSpec bind(String name, String... overrides) {
        return GenLabFixture.create().spec(spec(name), overrides);
    }

    private static Path spec(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("experiments").resolve(name + ".yaml");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no experiments/" + name + ".yaml above " + Path.of("").toAbsolutePath());
    }
}
