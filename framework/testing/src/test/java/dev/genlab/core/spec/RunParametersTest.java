package dev.genlab.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.core.plugin.PluginRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A run's MLflow parameters are its hyper-parameters; the rest of the spec goes to tags. */
class RunParametersTest {
    private static final String SPEC = """
            experiment: tests
            run: bars-run
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
              threads: 1
              optimizer:
                name: adam
                learningRate: 4e-4
            tracking:
              uri: https://ann:s3cret@mlflow.example:8443/base
              imageEvery: 5
            """;

    private static RunParameters of(String... overrides) {
        ExperimentConfig config = new SpecBinder(PluginRegistry.discover())
                .bind(SpecReader.parse("spec.yaml", SPEC), List.of(overrides));
        return RunParameters.of(config);
    }

    @Test
    void theDefaultOfAParameterARunDoesNotRecordIsWhatItWouldHaveRecorded() {
        PluginRegistry registry = PluginRegistry.discover();
        java.util.Map<String, String> params = of().params();

        // what a comparison shows for a run that left these at their defaults
        assertThat(RunParameters.defaultValue(registry, params, "dataset.trainSize")).contains("512");
        assertThat(RunParameters.defaultValue(registry, params, "dataset.testSize")).contains("128");
        assertThat(RunParameters.defaultValue(registry, params, "training.batchSize")).contains("128");
        assertThat(RunParameters.defaultValue(registry, params, "training.optimizer.learningRate")).contains("0.001");
        // no default: the seed, the length, unknown parameters or plugins
        assertThat(RunParameters.defaultValue(registry, params, "seed")).isEmpty();
        assertThat(RunParameters.defaultValue(registry, params, "training.epochs")).isEmpty();
        assertThat(RunParameters.defaultValue(registry, params, "dataset.noSuchThing")).isEmpty();
        assertThat(RunParameters.defaultValue(registry, java.util.Map.of("dataset.type", "nope"), "dataset.trainSize"))
                .isEmpty();
    }

    @Test
    void parametersAreTheValuesThatChangeResults() {
        RunParameters recorded = of();

        // the spec's choices: what it sets away from the defaults, with the seed, types and length
        assertThat(recorded.params()).containsOnly(
                java.util.Map.entry("seed", "7"),
                java.util.Map.entry("dataset.type", "bars"),
                java.util.Map.entry("dataset.trainSize", "64"),
                java.util.Map.entry("model.type", "mean-image"),
                java.util.Map.entry("training.epochs", "2"),
                java.util.Map.entry("training.batchSize", "16"),
                java.util.Map.entry("training.optimizer.learningRate", "0.0004"));
        assertThat(recorded.tags())
                .containsEntry("genlab.setting.training.threads", "1")
                .containsEntry("genlab.setting.tracking.imageEvery", "5")
                .containsEntry("genlab.setting.training.checkpointEvery", "1");
        assertThat(recorded.params().values()).noneMatch(value -> value.contains("s3cret"));
        assertThat(recorded.tags().values()).noneMatch(value -> value.contains("s3cret") || value.contains("mlflow"));
    }

    @Test
    void anOptimiserRecordsTheSettingsItUses() {
        assertThat(of("training.optimizer.name=sgd", "training.optimizer.epsilon=1e-5").params())
                .containsEntry("training.optimizer.name", "sgd")
                .doesNotContainKeys("training.optimizer.beta1", "training.optimizer.epsilon",
                        "training.optimizer.momentum");
        assertThat(of("training.optimizer.name=nesterovs", "training.optimizer.momentum=0.5").params())
                .containsEntry("training.optimizer.momentum", "0.5");
        assertThat(of("training.optimizer.beta2=0.99").params()).containsEntry("training.optimizer.beta2", "0.99");
        // overridden, even to its default value: a sweep over learning rates has the axis in every trial
        assertThat(of("training.optimizer.learningRate=0.001").params())
                .containsEntry("training.optimizer.learningRate", "0.001");
    }

    @Test
    void numbersReadAsASpecWritesThem() {
        assertThat(RunParameters.number(4e-4)).isEqualTo("0.0004");
        assertThat(RunParameters.number(1e-3)).isEqualTo("0.001");
        assertThat(RunParameters.number(0.5)).isEqualTo("0.5");
        assertThat(RunParameters.number(1e-8)).isEqualTo("1e-8");
        assertThat(RunParameters.number(2.5e-9)).isEqualTo("2.5e-9");
        assertThat(RunParameters.number(3.0)).isEqualTo("3");
        assertThat(RunParameters.number(123456.0)).isEqualTo("123456");
        assertThat(RunParameters.number(1e-5)).isEqualTo("1e-5");
        assertThat(RunParameters.number(-0.25)).isEqualTo("-0.25");
    }
}
