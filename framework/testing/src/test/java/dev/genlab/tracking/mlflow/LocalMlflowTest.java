package dev.genlab.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genlab.api.GenLabException;
import dev.genlab.mlflow.server.MlflowServer;
import dev.genlab.testing.MlflowRest;
import dev.genlab.tracking.Delivery;
import dev.genlab.tracking.RunRequest;
import dev.genlab.tracking.RunStatus;
import dev.genlab.tracking.TrackedRun;
import dev.genlab.tracking.Tracker;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LocalMlflowTest {
    private final List<String> messages = new CopyOnWriteArrayList<>();
    @TempDir
    Path workDir;

    @Test
    void theSpecsUriComesFirst() {
        Map<String, String> env = Map.of("MLFLOW_TRACKING_URI", "http://env-host:5000");

        try (Tracker tracker = LocalMlflow.open(Optional.of(URI.create("http://spec-host:5000")), workDir, env, DeliverySettings.DEFAULTS, messages::add)) {
            assertThat(tracker.describe()).isEqualTo("MLflow at http://spec-host:5000");
        }
    }

    @Test
    void thenMlflowTrackingUri() {
        Map<String, String> env = Map.of("MLFLOW_TRACKING_URI", "http://env-host:5000", "PATH", "");

        try (Tracker tracker = LocalMlflow.open(Optional.empty(), workDir, env, DeliverySettings.DEFAULTS, messages::add)) {
            assertThat(tracker.describe()).isEqualTo("MLflow at http://env-host:5000");
        }
    }

    @Test
    void aTrackingUriTheJavaClientCannotUseIsReportedWithItsSource() {
        Map<String, String> env = Map.of("MLFLOW_TRACKING_URI", "sqlite:///mlflow.db");

        assertThatThrownBy(() -> LocalMlflow.open(Optional.empty(), workDir, env, DeliverySettings.DEFAULTS, messages::add))
                .isInstanceOfSatisfying(GenLabException.class,
                        e -> assertThat(e.category()).isEqualTo(GenLabException.Category.TRACKING))
                .hasMessageStartingWith("MLFLOW_TRACKING_URI=sqlite:///mlflow.db is not the http(s) address");
    }

    @Test
    void withoutAnyServerOrMlflowInstalledRunsAreJournaledWithHowToSendThemLater() {
        Map<String, String> env = Map.of("PATH", workDir.resolve("no-bin").toString());

        Delivery delivery;
        String runId;
        try (Tracker tracker = LocalMlflow.open(Optional.empty(), workDir, env, DeliverySettings.DEFAULTS, messages::add)) {
            assertThat(tracker.describe()).startsWith("the local journal only (.genlab/runs; MLflow is not installed");
            try (TrackedRun run = tracker.start(new RunRequest("offline", "kept", Map.of()))) {
                runId = run.runId();
                run.metric("loss", 0.25, 1);
                run.end(RunStatus.FINISHED, null);
                delivery = run.awaitDelivery(Duration.ofSeconds(60), messages::add);
            }
        }

        assertThat(workDir.resolve(".genlab/runs").resolve(runId).resolve("journal.jsonl")).isRegularFile();
        assertThat(delivery.unsent()).isEqualTo(3);
        assertThat(delivery.describe()).singleElement().asString().contains("genlab sync .genlab/runs/" + runId);
        assertThat(messages).singleElement().asString()
                .contains("pip install mlflow", "tracking.uri", "MLFLOW_TRACKING_URI",
                        "The run is kept in .genlab/runs/" + runId, "genlab sync .genlab/runs/" + runId);
    }

    @Test
    void otherwiseStartsALocalServerWhoseRunsOutliveIt() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("MLFLOW_TRACKING_URI");
        String runId;
        List<ProcessHandle> serverProcesses;
        // Other tests of this JVM may have servers of their own running.
        List<ProcessHandle> before = ProcessHandle.current().children().toList();
        try (Tracker tracker = LocalMlflow.open(Optional.empty(), workDir, env, DeliverySettings.DEFAULTS, messages::add)) {
            assertThat(tracker.describe()).contains("local MLflow server at http://127.0.0.1:")
                    .contains(workDir.toString()).contains("genlab ui");
            serverProcesses = ProcessHandle.current().children().filter(child -> !before.contains(child))
                    .flatMap(child -> Stream.concat(Stream.of(child), child.descendants())).toList();
            try (TrackedRun run = tracker.start(new RunRequest("local", "kept", Map.of()))) {
                runId = run.runId();
                run.metric("loss", 0.25, 1);
                run.text("notes.txt", "kept on disk");
                run.end(RunStatus.FINISHED, null);
            }
        }

        assertThat(serverProcesses).isNotEmpty().noneMatch(ProcessHandle::isAlive);
        assertThat(workDir.resolve("mlflow.db")).isRegularFile();
        assertThat(workDir.resolve("mlartifacts")).isDirectory();
        // What `mlflow ui` in that directory would show: the same store, served again.
        try (MlflowServer again = MlflowServer.start(workDir)) {
            MlflowRest mlflow = new MlflowRest(again.uri());
            assertThat(mlflow.run(runId).status()).isEqualTo("FINISHED");
            assertThat(mlflow.run(runId).metrics()).containsEntry("loss", 0.25);
            assertThat(mlflow.download(runId, "notes.txt")).isEqualTo("kept on disk".getBytes());
        }
    }
}
