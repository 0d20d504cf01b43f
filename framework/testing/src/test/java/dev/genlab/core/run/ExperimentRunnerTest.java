package dev.genlab.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genlab.api.GenLabException;
import dev.genlab.core.spec.ExperimentConfig;
import dev.genlab.core.spec.InvalidSpecException;
import dev.genlab.testing.GenLabFixture;
import dev.genlab.tracking.RunStatus;
import dev.genlab.tracking.memory.InMemoryRun;
import dev.genlab.tracking.memory.InMemoryTracker;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real runner, through the test fixture, with the test plugin found through ServiceLoader. */
class ExperimentRunnerTest {
    private static final String SPEC = """
            experiment: tests
            run: mean-of-bars
            seed: 7
            dataset:
              type: bars
              trainSize: 256
              testSize: 64
            model:
              type: mean-image
              initialValue: 0.9
            training:
              epochs: 3
              batchSize: 32
              optimizer:
                name: sgd
                learningRate: 0.2
            tracking:
              logEvery: 2
            """;

    private final InMemoryTracker tracker = new InMemoryTracker();
    private final GenLabFixture genlab = GenLabFixture.create();

    private RunResult run(String spec, String... overrides) {
        return genlab.run(tracker, spec, overrides);
    }

    @Test
    void trainsTheTestPluginAndTracksEverything() {
        RunResult result = run(SPEC);

        InMemoryRun recorded = tracker.lastRun();
        assertThat(recorded.status()).contains(RunStatus.FINISHED);
        assertThat(recorded.experimentName()).isEqualTo("tests");
        assertThat(recorded.runName()).isEqualTo("mean-of-bars");
        assertThat(result.runId()).isEqualTo(recorded.runId());
        assertThat(recorded.params())
                .containsEntry("model.type", "mean-image")
                .containsEntry("model.initialValue", "0.9")
                .containsEntry("training.optimizer.learningRate", "0.2")
                .containsEntry("dataset.trainSize", "256");
        assertThat(new String(recorded.artifact("spec.yaml").orElseThrow(), StandardCharsets.UTF_8))
                .contains("type: mean-image", "initialValue: 0.9", "epochs: 3");
        assertThat(recorded.tags())
                .containsEntry("genlab.model", "mean-image")
                .containsEntry("genlab.dataset.digest", "seed-7")
                .containsEntry("mlflow.source.name", "spec.yaml")
                .containsEntry("mlflow.source.type", "LOCAL")
                .containsKeys("genlab.version", "genlab.nd4j.backend", "genlab.host.cpu", "genlab.jvm.max_heap");
        assertThat(recorded.datasets()).singleElement().satisfies(dataset -> {
            assertThat(dataset.name()).isEqualTo("bars");
            assertThat(dataset.digest()).isEqualTo("seed-7");
            assertThat(dataset.profile()).contains("\"features_shape\":[256,64]", "\"test_rows\":64");
        });

        // 256 images at batch 32: 8 steps an epoch, 24 in all, losses logged every 2nd step
        assertThat(recorded.metrics("train/loss")).extracting(InMemoryRun.MetricPoint::step)
                .containsExactly(2L, 4L, 6L, 8L, 10L, 12L, 14L, 16L, 18L, 20L, 22L, 24L);
        assertThat(recorded.metrics("test/mse")).extracting(InMemoryRun.MetricPoint::step)
                .containsExactly(8L, 16L, 24L);
        assertThat(recorded.metrics("epoch")).extracting(InMemoryRun.MetricPoint::value)
                .containsExactly(1.0, 2.0, 3.0);

        // it learns: from an image of 0.9 everywhere towards the mean bar image
        List<InMemoryRun.MetricPoint> loss = recorded.metrics("train/loss");
        assertThat(loss.get(loss.size() - 1).value()).isLessThan(loss.get(0).value() / 2);
        List<InMemoryRun.MetricPoint> test = recorded.metrics("test/mse");
        assertThat(test.get(2).value()).isLessThan(test.get(0).value());
        assertThat(result.testMetrics()).containsEntry("steps", 24.0).containsKey("mse");
        assertThat(recorded.metrics("test/steps")).extracting(InMemoryRun.MetricPoint::value).containsExactly(24.0);
        assertThat(recorded.images("mean")).hasSize(1);
        assertThat(recorded.artifactPaths()).contains("spec.yaml", "model/mean.bin");
        assertThat(genlab.console())
                .contains("Dataset bars: 256 training and 64 test images of 1x8x8", "epoch 3/3", "test mse");
    }

    @Test
    void aNanLossFailsTheRunAtItsStepAndKeepsWhatWasLogged() {
        assertThatThrownBy(() -> run(SPEC, "model.nanAtStep=5", "tracking.logEvery=1"))
                .isInstanceOfSatisfying(GenLabException.class, e -> {
                    assertThat(e.category()).isEqualTo(GenLabException.Category.TRAINING);
                    assertThat(e.getMessage()).startsWith("loss became NaN at step 5 (epoch 1): training diverged");
                });

        InMemoryRun recorded = tracker.lastRun();
        assertThat(recorded.status()).contains(RunStatus.FAILED);
        assertThat(recorded.reason().orElseThrow()).contains("loss became NaN at step 5");
        assertThat(recorded.tags())
                .containsEntry("genlab.failure.step", "5")
                .containsEntry("genlab.failure.category", "training");
        assertThat(recorded.metrics("train/loss")).extracting(InMemoryRun.MetricPoint::step)
                .containsExactly(1L, 2L, 3L, 4L);
        assertThat(recorded.artifact("spec.yaml")).isPresent();
    }

    @Test
    void aBatchLargerThanTheDataTakesTheWholeSplitInOneStep() {
        RunResult result = run(SPEC, "training.batchSize=2147483647");

        assertThat(tracker.lastRun().status()).contains(RunStatus.FINISHED);
        assertThat(result.testMetrics()).containsEntry("steps", 3.0);
    }

    @Test
    void aModelTooLargeForTheMemoryHereIsRefusedAtValidationWithItsLine() {
        assertThatThrownBy(() -> genlab.withMemory(10_000, "a budget of 10,000 bytes").bind(SPEC))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> {
                    assertThat(e.category()).isEqualTo(GenLabException.Category.CONFIG);
                    assertThat(e.found()).singleElement().satisfies(problem -> {
                        assertThat(problem.path()).isEqualTo("model");
                        assertThat(problem.line()).hasValue(8);
                        assertThat(problem.message()).isEqualTo("training would need about 105.3 KiB (64 parameters"
                                + " with their gradients and optimiser state: 1.3 KiB; activations of a batch of 32:"
                                + " 24.0 KiB; the data: 80.0 KiB), more than the 9.8 KiB ND4J may use here (a budget of"
                                + " 10,000 bytes); make the network or the batch smaller, or give ND4J more memory in"
                                + " GENLAB_JAVA_OPTS");
                    });
                });
    }

    @Test
    void aModelThatCannotBeTrainedOnDataKnownOnlyOnceReadIsRefusedBeforeARunOpens() {
        // the dataset plugin says its shape only once it has read the data: the runner checks before opening a run
        ExperimentConfig config = genlab.bind(SPEC, "dataset.shapeKnownBeforehand=false");
        ExperimentRunner runner = genlab.withMemory(10_000, "a budget of 10,000 bytes").runner(config, tracker);

        assertThatThrownBy(runner::run).isInstanceOfSatisfying(GenLabException.class, e -> {
            assertThat(e.category()).isEqualTo(GenLabException.Category.CONFIG);
            assertThat(e.getMessage()).isEqualTo("Model 'mean-image' cannot be trained on bars (1x8x8) here:");
            assertThat(e.problems()).singleElement().asString().startsWith("training would need about 105.3 KiB");
        });
        assertThat(tracker.runs()).as("no run was opened").isEmpty();
    }

    @Test
    void iterationsCountStepsAcrossEpochs() {
        run(SPEC, "training.epochs=null", "training.iterations=20", "tracking.logEvery=5");

        InMemoryRun recorded = tracker.lastRun();
        assertThat(recorded.status()).contains(RunStatus.FINISHED);
        assertThat(recorded.metrics("train/loss")).extracting(InMemoryRun.MetricPoint::step)
                .containsExactly(5L, 10L, 15L, 20L);
        assertThat(recorded.metrics("test/mse")).extracting(InMemoryRun.MetricPoint::step)
                .containsExactly(8L, 16L, 20L);
    }

    @Test
    void testEveryTestsAfterEverySoManyEpochsAndAfterTheLast() {
        RunResult result = run(SPEC, "training.epochs=null", "training.iterations=20", "tracking.testEvery=2");

        // epochs of 8 steps: the second ends at step 16, the third (the last, 4 steps) at 20
        assertThat(tracker.lastRun().metrics("test/mse")).extracting(InMemoryRun.MetricPoint::step)
                .containsExactly(16L, 20L);
        assertThat(tracker.lastRun().metrics("time/test_seconds")).hasSize(2);
        assertThat(tracker.lastRun().metrics("epoch")).hasSize(3);
        assertThat(result.testMetrics()).containsKey("mse");
    }

    @Test
    void theSameSeedGivesTheSameRun() {
        run(SPEC);
        run(SPEC);
        run(SPEC, "seed=8");

        List<InMemoryRun> runs = tracker.runs();
        assertThat(runs.get(0).metrics("train/loss")).extracting(InMemoryRun.MetricPoint::value)
                .containsExactlyElementsOf(runs.get(1).metrics("train/loss").stream()
                        .map(InMemoryRun.MetricPoint::value).toList());
        assertThat(runs.get(2).metrics("train/loss")).extracting(InMemoryRun.MetricPoint::value)
                .isNotEqualTo(runs.get(0).metrics("train/loss").stream().map(InMemoryRun.MetricPoint::value).toList());
    }
}
