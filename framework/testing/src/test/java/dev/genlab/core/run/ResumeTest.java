package dev.genlab.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genlab.api.GenLabException;
import dev.genlab.core.spec.ExperimentConfig;
import dev.genlab.testing.GenLabFixture;
import dev.genlab.tracking.RunStatus;
import dev.genlab.tracking.memory.InMemoryRun;
import dev.genlab.tracking.memory.InMemoryTracker;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checkpoints and resume through the real runner: a run stopped (or crashed) part-way and resumed from its
 * checkpoint ends with exactly the metrics of a run never stopped, each step logged once. The test model adds
 * seeded noise to its gradients, so a resume that drew different random numbers would show.
 */
class ResumeTest {
    private static final String EPOCHS = """
            experiment: tests
            run: resumable
            seed: 11
            dataset:
              type: bars
              trainSize: 256
              testSize: 64
            model:
              type: mean-image
              initialValue: 0.9
              gradientNoise: 0.3
            training:
              epochs: 4
              batchSize: 32
              optimizer:
                name: sgd
                learningRate: 0.2
            tracking:
              logEvery: 2
            """;
    private static final String ITERATIONS = EPOCHS.replace("epochs: 4", "iterations: 30\n  checkpointEvery: 5");

    @TempDir
    Path runs;

    private final InMemoryTracker tracker = new InMemoryTracker();
    private final GenLabFixture genlab = GenLabFixture.create();

    @Test
    void aStoppedRunEndsKilledAtACheckpointAndResumesToTheUninterruptedResult() {
        InMemoryRun uninterrupted = finished(EPOCHS);

        InMemoryTracker stoppedTracker = new InMemoryTracker(runs);
        assertThatThrownBy(() -> runner(config(EPOCHS, "model.interruptAtStep=13"), stoppedTracker).run())
                .isInstanceOf(GenLabException.class)
                .hasMessageContaining("stopped: the training thread was interrupted at step 13 (stage 1, epoch 2,"
                        + " batch 6)");
        InMemoryRun stopped = stoppedTracker.lastRun();
        assertThat(stopped.status()).contains(RunStatus.KILLED);
        assertThat(stopped.reason()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("go on with `genlab run --resume " + stopped.runId() + "`"));
        assertThat(stopped.tags()).containsEntry("genlab.stopped_at_step", "13");
        Checkpoints.Checkpoint checkpoint = latest(stopped);
        assertThat(checkpoint.step()).isEqualTo(13);
        assertThat(checkpoint.position().epochSums()).containsKey("loss");

        resume(stoppedTracker, stopped, checkpoint);

        assertThat(stopped.status()).contains(RunStatus.FINISHED);
        assertThat(stopped.tags()).containsEntry("genlab.resumed_at_step", "13")
                .doesNotContainKey("genlab.failure");
        assertSameHistories(stopped, uninterrupted);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"epochs", "iterations"})
    void aCrashedRunResumesFromItsLastCheckpointWithEveryStepOnce(String counting) {
        String spec = counting.equals("epochs") ? EPOCHS : ITERATIONS;
        InMemoryRun uninterrupted = finished(spec);

        InMemoryTracker crashedTracker = new InMemoryTracker(runs);
        assertThatThrownBy(() -> runner(config(spec, "model.crashAtStep=21"), crashedTracker).run())
                .hasMessageContaining("simulated crash at step 21");
        InMemoryRun crashed = crashedTracker.lastRun();
        assertThat(crashed.status()).contains(RunStatus.FAILED);
        // steps 18 and 20 were logged after the last checkpoint (epoch 2 ends at step 16; every 5 iterations: 20)
        assertThat(crashed.metrics("train/loss")).extracting(InMemoryRun.MetricPoint::step).contains(18L, 20L);
        Checkpoints.Checkpoint checkpoint = latest(crashed);
        assertThat(checkpoint.step()).isEqualTo(counting.equals("epochs") ? 16 : 20);

        resume(crashedTracker, crashed, checkpoint);

        assertThat(crashed.status()).contains(RunStatus.FINISHED);
        assertSameHistories(crashed, uninterrupted);
    }

    @Test
    void theLastCheckpointOfAFinishedRunIsAtTheEndAndAFinishedRunIsNotResumed() {
        InMemoryTracker kept = new InMemoryTracker(runs);
        runner(config(EPOCHS), kept).run();

        InMemoryRun finished = kept.lastRun();
        Checkpoints.Checkpoint checkpoint = latest(finished);
        assertThat(checkpoint.position().finished()).isTrue();
        assertThat(checkpoint.step()).isEqualTo(32);
        assertThat(checkpoint.specYaml()).contains("gradientNoise: 0.3", "epochs: 4");
        assertThatThrownBy(() -> resume(kept, finished, checkpoint))
                .hasMessageContaining("has finished: there is nothing to resume");
        assertThat(finished.status()).contains(RunStatus.FINISHED);
    }

    @Test
    void differentSeedsGiveDifferentRunsSoTheComparisonsAboveMeanSomething() {
        InMemoryRun one = finished(EPOCHS);
        InMemoryRun other = finished(EPOCHS.replace("seed: 11", "seed: 12"));

        assertThat(history(one).get("test/mse")).isNotEqualTo(history(other).get("test/mse"));
    }

    private InMemoryRun finished(String spec) {
        runner(config(spec), tracker).run();
        assertThat(tracker.lastRun().status()).contains(RunStatus.FINISHED);
        return tracker.lastRun();
    }

    /** As {@code genlab run --resume} does: the spec from the checkpoint, the run reopened. */
    private void resume(InMemoryTracker runTracker, InMemoryRun run, Checkpoints.Checkpoint checkpoint) {
        ExperimentConfig config = genlab.bind(checkpoint.spec());
        runner(config, runTracker).resume(run.runId(), checkpoint);
    }

    private Checkpoints.Checkpoint latest(InMemoryRun run) {
        return new Checkpoints(run.directory().orElseThrow()).latest().orElseThrow();
    }

    private static void assertSameHistories(InMemoryRun resumed, InMemoryRun uninterrupted) {
        Map<String, List<String>> expected = history(uninterrupted);
        // the time steps and test passes took are the one thing allowed to differ
        expected.keySet().removeIf(ResumeTest::timing);
        Map<String, List<String>> actual = history(resumed);
        actual.keySet().removeIf(ResumeTest::timing);
        assertThat(actual).isEqualTo(expected);
        assertThat(resumed.images("mean")).extracting(InMemoryRun.Image::step)
                .containsExactlyElementsOf(uninterrupted.images("mean").stream().map(InMemoryRun.Image::step).toList());
    }

    private static boolean timing(String metric) {
        return metric.equals("images_per_second") || metric.startsWith("time/");
    }

    /** Every metric as "step=value" in logging order. */
    private static Map<String, List<String>> history(InMemoryRun run) {
        Map<String, List<String>> all = new TreeMap<>();
        for (String key : run.metricKeys()) {
            all.put(key, run.metrics(key).stream().map(point -> point.step() + "=" + point.value()).toList());
        }
        return all;
    }

    private ExperimentConfig config(String spec, String... overrides) {
        return genlab.bind(spec, overrides);
    }

    private ExperimentRunner runner(ExperimentConfig config, InMemoryTracker runTracker) {
        return genlab.runner(config, runTracker);
    }
}
