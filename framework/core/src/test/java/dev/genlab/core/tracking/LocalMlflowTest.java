package dev.genlab.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genlab.api.GenLabException;
import dev.genlab.mlflow.server.MlflowServer;
import dev.genlab.testing.MlflowRest;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalMlflowTest {
    @TempDir
    Path workDir;

    @Test
    void theSpecsUriComesFirst() {
        Map<String, String> env = Map.of("MLFLOW_TRACKING_URI", "http://env-host:5000");

        try (Tracker tracker = LocalMlflow.open(Optional.of(URI.create("http://spec-host:5000")), workDir, env)) {
            assertThat(tracker.describe()).isEqualTo("MLflow at http://spec-host:5000");
        }
    }

    @Test
    void thenMlflowTrackingUri() {
        Map<String, String> env = Map.of("MLFLOW_TRACKING_URI", "http://env-host:5000", "PATH", "");

        try (Tracker tracker = LocalMlflow.open(Optional.empty(), workDir, env)) {
            assertThat(tracker.describe()).isEqualTo("MLflow at http://env-host:5000");
        }
    }

    @Test
    void aTrackingUriTheJavaClientCannotUseIsReportedWithItsSource() {
        Map<String, String> env = Map.of("MLFLOW_TRACKING_URI", "sqlite:///mlflow.db");

        assertThatThrownBy(() -> LocalMlflow.open(Optional.empty(), workDir, env))
                .isInstanceOfSatisfying(GenLabException.class,
                        e -> assertThat(e.category()).isEqualTo(GenLabException.Category.TRACKING))
                .hasMessageStartingWith("MLFLOW_TRACKING_URI=sqlite:///mlflow.db is not the http(s) address");
    }

    @Test
    void withoutAnyServerOrMlflowInstalledItSaysHowToGetOne() {
        Map<String, String> env = Map.of("PATH", workDir.resolve("no-bin").toString());

        assertThatThrownBy(() -> LocalMlflow.open(Optional.empty(), workDir, env))
                .isInstanceOfSatisfying(GenLabException.class,
                        e -> assertThat(e.category()).isEqualTo(GenLabException.Category.TRACKING))
                .hasMessageContaining("pip install mlflow")
                .hasMessageContaining("tracking.uri")
                .hasMessageContaining("MLFLOW_TRACKING_URI");
    }

    @Test
    void otherwiseStartsALocalServerWhoseRunsOutliveIt() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("MLFLOW_TRACKING_URI");
        String runId;
        List<ProcessHandle> serverProcesses;
        // Other tests of this JVM may have servers of their own running.
        List<ProcessHandle> before = ProcessHandle.current().children().toList();
        try (Tracker tracker = LocalMlflow.open(Optional.empty(), workDir, env)) {
            assertThat(tracker.describe()).contains("local MLflow server at http://127.0.0.1:")
                    .contains(workDir.toString()).contains("mlflow ui --backend-store-uri sqlite:///mlflow.db");
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
