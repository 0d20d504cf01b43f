package dev.genlab.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genlab.api.GenLabException;
import dev.genlab.api.Optimizer;
import dev.genlab.core.plugin.PluginRegistry;
import dev.genlab.core.testplugin.BarsParameters;
import dev.genlab.core.testplugin.MeanImageParameters;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpecBinderTest {
    private static final String SPEC = """
            experiment: tests
            description: the mean image of bars
            seed: 7
            dataset:
              type: bars
              trainSize: 64
            model:
              type: mean-image
            training:
              epochs: 2
              batchSize: 16
              optimizer:
                name: sgd
                learningRate: 0.1
            tracking:
              uri: none
            """;

    private final SpecBinder binder = new SpecBinder(PluginRegistry.discover());

    private ExperimentConfig bind(String text, String... overrides) {
        return binder.bind(SpecReader.parse("spec.yaml", text), List.of(overrides));
    }

    private List<String> problems(String text, String... overrides) {
        try {
            bind(text, overrides);
        } catch (GenLabException e) {
            assertThat(e.category()).isEqualTo(GenLabException.Category.CONFIG);
            return e.problems();
        }
        throw new AssertionError("the spec was accepted");
    }

    @Test
    void bindsValuesAndFillsDefaults() {
        ExperimentConfig config = bind(SPEC);

        assertThat(config.experiment()).isEqualTo("tests");
        assertThat(config.runName()).isEqualTo("mean-image-bars");
        assertThat(config.description()).contains("the mean image of bars");
        assertThat(config.seed()).isEqualTo(7);
        assertThat(config.dataset().parameters()).isEqualTo(new BarsParameters(64, 128, 8, true));
        assertThat(config.model().parameters()).isEqualTo(new MeanImageParameters(0.5, Optional.empty(), 0, Optional.empty(), Optional.empty()));
        assertThat(config.training().epochs()).contains(2);
        assertThat(config.training().batchSize()).isEqualTo(16);
        assertThat(config.training().optimizer().name()).isEqualTo(Optimizer.Name.SGD);
        assertThat(config.training().optimizer().learningRate()).isEqualTo(0.1);
        assertThat(config.training().optimizer().beta1()).isEqualTo(0.9);
        assertThat(config.tracking().disabled()).isTrue();
        assertThat(config.tracking().logEvery()).isEqualTo(10);
    }

    @Test
    void acceptsAPluginNameAsShorthandAndScientificNotation() {
        ExperimentConfig config = bind("""
                experiment: tests
                dataset: bars
                model: mean-image
                training:
                  iterations: 50
                  optimizer:
                    learningRate: 1e-3
                """);

        assertThat(config.dataset().parameters()).isEqualTo(new BarsParameters(512, 128, 8, true));
        assertThat(config.training().settings().iterations()).isEqualTo(50);
        assertThat(config.training().settings().epochs()).isZero();
        assertThat(config.training().optimizer().learningRate()).isEqualTo(1e-3);
    }

    @Test
    void overridesGoThroughTheSameBinding() {
        ExperimentConfig config = bind(SPEC, "model.initialValue=0.25", "training.batchSize=8",
                "dataset.side=4", "tracking.logEvery=1", "run=custom");

        assertThat(config.model().parameters()).isEqualTo(new MeanImageParameters(0.25, Optional.empty(), 0, Optional.empty(), Optional.empty()));
        assertThat(config.training().batchSize()).isEqualTo(8);
        assertThat(config.dataset().parameters()).isEqualTo(new BarsParameters(64, 128, 4, true));
        assertThat(config.tracking().logEvery()).isEqualTo(1);
        assertThat(config.runName()).isEqualTo("custom");
    }

    @Test
    void overrideExpandsAShorthandSectionAndSwitchesDuration() {
        ExperimentConfig config = bind("""
                experiment: tests
                dataset: bars
                model: mean-image
                training:
                  epochs: 3
                """, "model.nanAtStep=4", "training.epochs=null", "training.iterations=9");

        assertThat(config.model().parameters()).isEqualTo(new MeanImageParameters(0.5, Optional.of(4), 0, Optional.empty(), Optional.empty()));
        assertThat(config.training().settings().iterations()).isEqualTo(9);
    }

    @Test
    void badOverridesAreReportedWithTheirOrigin() {
        assertThat(problems(SPEC, "model.initalValue=0.2", "training.batchSize=0", "nonsense", "seed.x=1"))
                .containsExactly(
                        "--set nonsense: expected path=value, for example --set model.latentDim=64",
                        "--set seed.x=1: 'seed' is a single value, not a mapping, so it has no 'x'",
                        "training.batchSize: must be >= 1, got 0 (--set training.batchSize=0)",
                        "model.initalValue: unknown key (did you mean 'initialValue'?) (--set model.initalValue=0.2)");
    }

    @Test
    void unknownPluginInOverrideSuggestsTheKnownOne() {
        assertThat(problems(SPEC, "dataset.type=barz")).containsExactly(
                "dataset.type: unknown dataset plugin 'barz' (did you mean 'bars'?); known datasets: bars "
                        + "(--set dataset.type=barz)");
    }

    @Test
    void resolvedSpecBindsToTheSameConfig() {
        ExperimentConfig config = bind(SPEC, "model.nanAtStep=3");
        ExperimentConfig again = binder.bind(SpecReader.parse("resolved.yaml", config.resolvedYaml()), List.of());

        assertThat(again.resolvedYaml()).isEqualTo(config.resolvedYaml());
        assertThat(again.model()).isEqualTo(config.model());
        assertThat(again.training()).isEqualTo(config.training());
        assertThat(config.resolvedYaml()).contains("run: mean-image-bars", "nanAtStep: 3", "beta2: 0.999");
    }

    @Test
    void flattensTheResolvedSpecToDottedParameters() {
        assertThat(bind(SPEC).flattened())
                .containsEntry("experiment", "tests")
                .containsEntry("dataset.type", "bars")
                .containsEntry("dataset.trainSize", "64")
                .containsEntry("model.initialValue", "0.5")
                .containsEntry("training.optimizer.name", "sgd")
                .containsEntry("training.optimizer.learningRate", "0.1")
                .containsEntry("tracking.uri", "none")
                .doesNotContainKey("model.nanAtStep");
    }

    @Test
    void theResolvedSpecKeepsNoPasswordOfAnyAddress() {
        ExperimentConfig config = bind(SPEC, "tracking.uri=https://ann:s3cret@mlflow.example:8443/base",
                "description=mirror at ftp://bob:hunter2@files.example/mnist/");

        assertThat(config.tracking().uri().orElseThrow().getUserInfo()).as("kept for sending").isEqualTo("ann:s3cret");
        assertThat(config.flattened())
                .containsEntry("tracking.uri", "https://mlflow.example:8443/base")
                .containsEntry("description", "mirror at ftp://***@files.example/mnist/");
        assertThat(config.resolvedYaml()).doesNotContain("s3cret", "hunter2").contains("uri: https://mlflow.example:8443/base");
        assertThat(config.tracking().toString()).doesNotContain("s3cret");
    }

    @Test
    void missingFileIsAConfigError() {
        assertThatThrownBy(() -> SpecReader.read(java.nio.file.Path.of("no/such/spec.yaml")))
                .isInstanceOfSatisfying(GenLabException.class, e -> {
                    assertThat(e.category()).isEqualTo(GenLabException.Category.CONFIG);
                    assertThat(e.getMessage()).isEqualTo("Spec file not found: no/such/spec.yaml");
                });
    }

    @Test
    void suggestsCloseNamesOnly() {
        assertThat(DidYouMean.closest("lerningRate", List.of("learningRate", "beta1"))).contains("learningRate");
        assertThat(DidYouMean.closest("vea", List.of("vae", "gan"))).contains("vae");
        assertThat(DidYouMean.closest("colour", List.of("trainSize", "testSize", "side"))).isEmpty();
    }
}
