package dev.genlab.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.core.run.RunResult;
import dev.genlab.core.testplugin.TestPlugin;
import dev.genlab.testing.GenLabFixture;
import dev.genlab.testing.MlflowRest;
import dev.genlab.testing.WithMlflowServer;
import dev.genlab.tracking.Tracker;
import dev.genlab.tracking.rest.MlflowCredentials;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs of one spec told apart in MLflow: unique names within the experiment, and the {@code --set} overrides a run
 * was made with in its tags and description.
 */
@WithMlflowServer
class RunNamingTest {
    private final List<String> messages = new CopyOnWriteArrayList<>();
    @TempDir
    Path workDir;

    @Test
    void aRunWhoseNameIsTakenInItsExperimentGetsTheNextSuffix(URI server, MlflowRest mlflow) {
        String spec = TestPlugin.SPEC.formatted("run-naming");
        RunResult first = run(server, spec);
        RunResult second = run(server, spec);
        RunResult third = run(server, spec);

        assertThat(mlflow.run(first.runId()).runName()).isEqualTo("mean-of-bars");
        assertThat(mlflow.run(second.runId()).runName()).isEqualTo("mean-of-bars-2");
        assertThat(mlflow.run(third.runId()).tags()).containsEntry("mlflow.runName", "mean-of-bars-3");
        // the same name in another experiment is no clash
        RunResult elsewhere = run(server, TestPlugin.SPEC.formatted("run-naming-elsewhere"));
        assertThat(mlflow.run(elsewhere.runId()).runName()).isEqualTo("mean-of-bars");
    }

    /**
     * The name is decided when the server first hears of the run: a run journaled while no server could be had
     * takes its suffix when it is sent, after a run made meanwhile took the name.
     */
    @Test
    void aRunJournaledWithoutAServerIsNamedWhenItIsSent(URI server, MlflowRest mlflow) {
        String spec = TestPlugin.SPEC.formatted("run-naming-offline");
        RunResult offline;
        try (Tracker tracker = LocalMlflow.open(Optional.empty(), workDir, Map.of("PATH", "/nonexistent"),
                DeliverySettings.DEFAULTS, messages::add)) {
            offline = GenLabFixture.create().run(tracker, spec);
        }
        RunResult live = run(server, spec);

        assertThat(new JournalSync(workDir, Map.of(), DeliverySettings.DEFAULTS, messages::add)
                .sync(Optional.of(Path.of(".genlab/runs", offline.runId())), Optional.of(server))).isTrue();

        assertThat(mlflow.run(live.runId()).runName()).isEqualTo("mean-of-bars");
        String experimentId = mlflow.experimentByName("run-naming-offline").orElseThrow().experimentId();
        assertThat(mlflow.searchRuns(experimentId)).extracting(MlflowRest.Run::runName)
                .containsExactlyInAnyOrder("mean-of-bars", "mean-of-bars-2");
    }

    @Test
    void suffixesGoOnFromTheHighestInUse() {
        assertThat(RunNames.highestSuffix("ae", List.of("ae", "ae-2", "ae-7", "ae-x", "ae-3-1", "aex-9", "ae-07")))
                .isEqualTo(7);
        assertThat(RunNames.highestSuffix("ae", List.of("ae"))).isEqualTo(1);
        assertThat(RunNames.highestSuffix("a.e", List.of("abe-5", "a.e-4"))).isEqualTo(4);
    }

    @Test
    void overridesAreTaggedAndSaidInTheDescription(URI server, MlflowRest mlflow) {
        RunResult plain = run(server, TestPlugin.SPEC.formatted("run-overrides"));
        RunResult overridden = run(server, TestPlugin.SPEC.formatted("run-overrides"), "model.initialValue=0.5",
                "training.epochs=1");

        assertThat(mlflow.run(plain.runId()).tags()).doesNotContainKey("genlab.overrides")
                .containsEntry("mlflow.note.content", "Learning the mean bar image.");
        assertThat(mlflow.run(overridden.runId()).tags())
                .containsEntry("genlab.overrides", "model.initialValue=0.5; training.epochs=1")
                .containsEntry("mlflow.note.content",
                        "Learning the mean bar image. (overrides: model.initialValue=0.5; training.epochs=1)");
    }

    private RunResult run(URI server, String spec, String... overrides) {
        try (MlflowTracker tracker = new MlflowTracker(server, MlflowCredentials.NONE, workDir,
                DeliverySettings.DEFAULTS, messages::add)) {
            return GenLabFixture.create().run(tracker, spec, overrides);
        }
    }
}
