package dev.genlab.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genlab.api.GenLabException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a user sees when the tracking server is missing, failing or wants credentials. */
class MlflowFailuresTest {
    private static final RunRequest REQUEST = new RunRequest("e", "r", Map.of());

    @Test
    void anUnreachableServerIsATrackingErrorNamingItAndHowToStartIt() throws IOException {
        int port = unusedPort();
        URI uri = URI.create("http://127.0.0.1:" + port);

        try (MlflowTracker tracker = new MlflowTracker(uri, MlflowCredentials.NONE)) {
            assertThatThrownBy(() -> tracker.start(REQUEST))
                    .isInstanceOfSatisfying(GenLabException.class,
                            e -> assertThat(e.category()).isEqualTo(GenLabException.Category.TRACKING))
                    .hasMessageContaining("Cannot reach the MLflow tracking server at " + uri)
                    .hasMessageContaining("mlflow server --host 127.0.0.1 --port " + port)
                    .hasMessageContaining("tracking.uri");
        }
    }

    @Test
    void aServerErrorIsReportedWithMlflowsOwnMessage() {
        try (ScriptedHttpServer server = new ScriptedHttpServer().on("/api/2.0/mlflow/experiments/search",
                new ScriptedHttpServer.Response(500, "{\"error_code\": \"INTERNAL_ERROR\", \"message\": \"database is locked\"}"));
                MlflowTracker tracker = new MlflowTracker(server.uri(), MlflowCredentials.NONE)) {
            assertThatThrownBy(() -> tracker.start(REQUEST))
                    .isInstanceOfSatisfying(GenLabException.class,
                            e -> assertThat(e.category()).isEqualTo(GenLabException.Category.TRACKING))
                    .hasMessage("The MLflow tracking server at " + server.uri() + " failed to look up experiment 'e'"
                            + " (HTTP 500 INTERNAL_ERROR): database is locked (the server's log has the details)");
        }
    }

    @Test
    void aRefusalAsksForCredentials() {
        try (ScriptedHttpServer server = new ScriptedHttpServer().on("/api/2.0/mlflow/experiments/search",
                new ScriptedHttpServer.Response(401, "You are not authenticated."));
                MlflowTracker tracker = new MlflowTracker(server.uri(), MlflowCredentials.NONE)) {
            assertThatThrownBy(() -> tracker.start(REQUEST))
                    .isInstanceOf(GenLabException.class)
                    .hasMessageContaining("HTTP 401")
                    .hasMessageContaining("MLFLOW_TRACKING_TOKEN");
        }
    }

    @Test
    void aBearerTokenGoesWithEveryRequestIncludingArtifactUploads() {
        try (ScriptedHttpServer server = new ScriptedHttpServer().actingAsMlflow();
                MlflowTracker tracker = new MlflowTracker(server.uri(),
                        MlflowCredentials.fromEnvironment(Map.of("MLFLOW_TRACKING_TOKEN", "s3cret")));
                TrackedRun run = tracker.start(REQUEST)) {
            run.text("spec.yaml", "a: 1");
            run.end(RunStatus.FINISHED, null);

            assertThat(server.requests()).extracting(ScriptedHttpServer.Request::path)
                    .contains("/api/2.0/mlflow/runs/create", "/api/2.0/mlflow-artifacts/artifacts/7/r1/artifacts/spec.yaml");
            assertThat(server.requests()).allSatisfy(request -> assertThat(request.authorization()).isEqualTo("Bearer s3cret"));
        }
    }

    @Test
    void usernameAndPasswordWinOverATokenAsInThePythonClient() {
        Map<String, String> env = Map.of("MLFLOW_TRACKING_USERNAME", "ada", "MLFLOW_TRACKING_PASSWORD", "pw",
                "MLFLOW_TRACKING_TOKEN", "s3cret");
        String basic = "Basic " + Base64.getEncoder().encodeToString("ada:pw".getBytes());
        try (ScriptedHttpServer server = new ScriptedHttpServer().actingAsMlflow();
                MlflowTracker tracker = new MlflowTracker(server.uri(), MlflowCredentials.fromEnvironment(env));
                TrackedRun run = tracker.start(REQUEST)) {
            run.text("spec.yaml", "a: 1");
            run.end(RunStatus.FINISHED, null);

            assertThat(server.requests()).allSatisfy(request -> assertThat(request.authorization()).isEqualTo(basic));
        }
        assertThat(MlflowCredentials.fromEnvironment(env).toString()).doesNotContain("ada", "pw", "s3cret");
    }

    @Test
    void anArtifactUploadIsRetriedAfterAServerError() {
        String artifact = "/api/2.0/mlflow-artifacts/artifacts/7/r1/artifacts/spec.yaml";
        try (ScriptedHttpServer server = new ScriptedHttpServer().actingAsMlflow().on(artifact,
                new ScriptedHttpServer.Response(503, "busy"), new ScriptedHttpServer.Response(200, ""));
                MlflowTracker tracker = new MlflowTracker(server.uri(), MlflowCredentials.NONE);
                TrackedRun run = tracker.start(REQUEST)) {
            run.text("spec.yaml", "a: 1");
            run.end(RunStatus.FINISHED, null);

            assertThat(server.requests()).filteredOn(request -> request.path().equals(artifact)).hasSize(2);
        }
    }

    @Test
    void aTrackingUriThatIsNotHttpIsRefused() {
        assertThatThrownBy(() -> new MlflowTracker(URI.create("file:///tmp/mlruns")))
                .isInstanceOf(GenLabException.class)
                .hasMessageContaining("file:///tmp/mlruns")
                .hasMessageContaining("http://127.0.0.1:5000");
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
