package dev.genlab.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genlab.api.GenLabException;
import dev.genlab.tracking.Delivery;
import dev.genlab.tracking.RunRequest;
import dev.genlab.tracking.RunStatus;
import dev.genlab.tracking.TrackedRun;
import dev.genlab.tracking.journal.RunDirectory;
import dev.genlab.tracking.rest.MlflowCredentials;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What happens when the tracking server is missing, failing, slow or wants credentials: the run always goes on
 * into its journal, what may succeed later is retried, what cannot is reported once, and the user is told.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MlflowFailuresTest {
    private static final RunRequest REQUEST = new RunRequest("e", "r", Map.of());
    private static final String LOG_BATCH = "/api/2.0/mlflow/runs/log-batch";
    private static final String SEARCH_EXPERIMENTS = "/api/2.0/mlflow/experiments/search";
    private static final DeliverySettings QUICK = DeliverySettings.DEFAULTS
            .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
            .withPatience(Duration.ofSeconds(2))
            .withStartWait(Duration.ofSeconds(5));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> messages = new CopyOnWriteArrayList<>();
    @TempDir
    Path workDir;

    @Test
    void anUnreachableServerDoesNotStopTheRunWhichIsKeptInItsJournal() throws IOException {
        int port = unusedPort();
        URI uri = URI.create("http://127.0.0.1:" + port);

        Delivery delivery;
        String runId;
        try (MlflowTracker tracker = tracker(uri, MlflowCredentials.NONE, QUICK);
                TrackedRun run = tracker.start(REQUEST)) {
            runId = run.runId();
            run.metric("loss", 0.5, 1);
            run.end(RunStatus.FINISHED, null);
            delivery = run.awaitDelivery(Duration.ofSeconds(30), messages::add);
        }

        Path runDirectory = onlyRunDirectory();
        assertThat(runId).as("a run the server never saw has its local id").isEqualTo(runDirectory.getFileName().toString());
        assertThat(delivery.unsent()).isEqualTo(3);
        assertThat(delivery.problem()).hasValueSatisfying(problem -> assertThat(problem)
                .startsWith("Cannot reach the MLflow tracking server at " + uri));
        assertThat(delivery.describe()).singleElement().asString()
                .contains("3 events of this run are not in MLflow yet", "genlab sync .genlab/runs/" + runId);
        assertThat(messages).filteredOn(message -> message.startsWith("Cannot reach")).singleElement().asString()
                .contains("mlflow server --host 127.0.0.1 --port " + port, "tracking.uri", "The run goes on");
        assertThat(messages.get(1)).as("said after the failure").isEqualTo("Until MLflow at " + uri + " creates the run, it is"
                + " known by its local id " + runId + " and its journal .genlab/runs/" + runId);
        assertThat(journalTypes(runDirectory)).containsExactly("start", "metric", "end");
    }

    @Test
    void aServerErrorIsRetriedAndReportedOnceWithMlflowsOwnMessage() {
        ScriptedHttpServer.Response locked = new ScriptedHttpServer.Response(500,
                "{\"error_code\": \"INTERNAL_ERROR\", \"message\": \"database is locked\"}");
        try (ScriptedHttpServer server = new ScriptedHttpServer().actingAsMlflow();
                MlflowTracker tracker = tracker(server.uri(), MlflowCredentials.NONE, QUICK)) {
            server.on(SEARCH_EXPERIMENTS, locked, locked, locked, new ScriptedHttpServer.Response(200,
                    "{\"experiments\": [{\"experiment_id\": \"7\", \"name\": \"e\", \"lifecycle_stage\": \"active\"}]}"));
            try (TrackedRun run = tracker.start(REQUEST)) {
                run.end(RunStatus.FINISHED, null);
                assertThat(run.awaitDelivery(Duration.ofSeconds(30), messages::add).complete()).isTrue();
                assertThat(run.runId()).isEqualTo("r1");
            }

            assertThat(server.requests(SEARCH_EXPERIMENTS)).hasSize(4);
            assertThat(messages).filteredOn(message -> message.contains("database is locked")).singleElement()
                    .asString().startsWith("The MLflow tracking server at " + server.uri() + " failed to look up"
                            + " experiment 'e' (HTTP 500 INTERNAL_ERROR): database is locked (the server's log has the"
                            + " details)");
            assertThat(messages).containsOnlyOnce("MLflow at " + server.uri() + " answers again: sending what the run"
                    + " logged meanwhile");
        }
    }

    @Test
    void aRequestTheServerRejectsIsSentOnceMarkedRejectedAndTheRunGoesOn() throws IOException {
        String refusal = "{\"error_code\": \"INVALID_PARAMETER_VALUE\", \"message\": \"Changing param values is not"
                + " allowed. Param with key='lr' was already logged with value='0.1'\"}";
        try (ScriptedHttpServer server = new ScriptedHttpServer().actingAsMlflow();
                MlflowTracker tracker = tracker(server.uri(), MlflowCredentials.NONE, QUICK)) {
            server.on(LOG_BATCH, new ScriptedHttpServer.Response(400, refusal), new ScriptedHttpServer.Response(200, "{}"));
            Delivery delivery;
            try (TrackedRun run = tracker.start(REQUEST)) {
                run.params(Map.of("lr", "0.2"));
                run.metric("loss", 0.25, 1);
                run.end(RunStatus.FINISHED, null);
                delivery = run.awaitDelivery(Duration.ofSeconds(30), messages::add);
            }

            assertThat(delivery.complete()).isTrue();
            assertThat(delivery.rejected()).isEqualTo(1);
            assertThat(delivery.describe()).singleElement().asString()
                    .startsWith("1 event was refused by the MLflow server (reported above) is marked rejected in");
            List<ScriptedHttpServer.Request> batches = server.requests(LOG_BATCH);
            assertThat(batches).as("the refused params once, then the metric").hasSize(2);
            assertThat(batches.get(0).body()).contains("\"params\"", "0.2");
            assertThat(batches.get(1).body()).contains("\"metrics\"", "0.25");
            assertThat(server.requests("/api/2.0/mlflow/runs/update")).hasSize(1);
            assertThat(messages).filteredOn(message -> message.contains("Changing param values")).singleElement()
                    .asString().contains("(params lr)", "marked rejected", "HTTP 400 INVALID_PARAMETER_VALUE");

            List<JsonNode> journal = journal(onlyRunDirectory());
            long paramsSeq = journal.stream().filter(line -> line.path("type").asText().equals("params"))
                    .findFirst().orElseThrow().path("seq").asLong();
            assertThat(journal).filteredOn(line -> line.path("type").asText().equals("rejected")).singleElement()
                    .satisfies(rejected -> {
                        assertThat(rejected.path("event").asLong()).isEqualTo(paramsSeq);
                        assertThat(rejected.path("seq").asLong()).as("its own number").isGreaterThan(paramsSeq);
                        assertThat(rejected.path("status").asInt()).isEqualTo(400);
                        assertThat(rejected.path("message").asText()).contains("Changing param values is not allowed");
                        assertThat(rejected.path("destination").asText()).isEqualTo(server.uri().toString());
                    });

        }
    }

    @Test
    void serverErrorsLostConnectionsAndTimeoutsAreRetriedUntilTheValueGetsThroughOnce() {
        DeliverySettings impatient = QUICK.withRequestTimeout(Duration.ofMillis(700)).withPatience(Duration.ofSeconds(20));
        try (ScriptedHttpServer server = new ScriptedHttpServer().actingAsMlflow();
                MlflowTracker tracker = tracker(server.uri(), MlflowCredentials.NONE, impatient)) {
            server.on(LOG_BATCH,
                    new ScriptedHttpServer.Response(503, "busy"),
                    ScriptedHttpServer.Response.dropped(),
                    new ScriptedHttpServer.Response(200, "{}").after(Duration.ofSeconds(3)),
                    new ScriptedHttpServer.Response(200, "{}"));
            Delivery delivery;
            try (TrackedRun run = tracker.start(REQUEST)) {
                run.metric("loss", 0.125, 7);
                run.end(RunStatus.FINISHED, null);
                delivery = run.awaitDelivery(Duration.ofSeconds(30), messages::add);
            }

            assertThat(delivery.complete()).isTrue();
            assertThat(delivery.rejected()).isZero();
            List<String> metricRequests = server.requests(LOG_BATCH).stream().map(ScriptedHttpServer.Request::body)
                    .filter(body -> body.contains("\"metrics\"")).toList();
            assertThat(metricRequests).as("503, dropped, timed out, accepted").hasSize(4);
            assertThat(metricRequests).as("each attempt resends exactly the same value").containsOnly(metricRequests.get(0));
            assertThat(server.requests("/api/2.0/mlflow/runs/update")).hasSize(1);
            assertThat(messages).filteredOn(message -> message.contains("failed to log 1 metric values")).hasSize(1);
        }
    }

    @Test
    void loggingNeverWaitsForASlowServer() {
        try (ScriptedHttpServer server = new ScriptedHttpServer().actingAsMlflow()
                .delayingEveryAnswer(Duration.ofSeconds(2));
                MlflowTracker tracker = tracker(server.uri(), MlflowCredentials.NONE,
                        QUICK.withStartWait(Duration.ZERO).withPatience(Duration.ofSeconds(30)))) {
            Delivery delivery;
            try (TrackedRun run = tracker.start(REQUEST)) {
                // The first call of each kind loads classes (JSON, image codecs): not the server's doing.
                run.metric("warm-up", 0, 0);
                run.image("samples", gradient(), 0);
                long start = System.nanoTime();
                for (int step = 1; step <= 1000; step++) {
                    run.metric("loss", 1.0 / step, step);
                }
                run.text("spec.yaml", "a: 1");
                run.image("samples", gradient(), 3);
                Duration logging = Duration.ofNanos(System.nanoTime() - start);
                assertThat(logging).as("1,000 metrics, an artifact and an image against a server taking 2 s an answer")
                        .isLessThan(Duration.ofMillis(500));
                run.end(RunStatus.FINISHED, null);
                delivery = run.awaitDelivery(Duration.ofSeconds(60), messages::add);
            }

            assertThat(delivery.complete()).isTrue();
            long values = server.requests(LOG_BATCH).stream().map(request -> read(request.body()))
                    .mapToLong(body -> body.path("metrics").size()).sum();
            assertThat(values).isEqualTo(1001);
        }
    }

    @Test
    void aRefusalAsksForCredentialsAndStopsSendingWithoutLosingAnything() throws IOException {
        try (ScriptedHttpServer server = new ScriptedHttpServer().on(SEARCH_EXPERIMENTS,
                new ScriptedHttpServer.Response(401, "You are not authenticated."));
                MlflowTracker tracker = tracker(server.uri(), MlflowCredentials.NONE, QUICK)) {
            Delivery delivery;
            try (TrackedRun run = tracker.start(REQUEST)) {
                run.metric("loss", 1, 1);
                run.end(RunStatus.FINISHED, null);
                delivery = run.awaitDelivery(Duration.ofSeconds(30), messages::add);
            }

            assertThat(server.requests(SEARCH_EXPERIMENTS)).as("no point asking again without credentials").hasSize(1);
            assertThat(messages).filteredOn(message -> message.contains("HTTP 401")).singleElement().asString()
                    .contains("MLFLOW_TRACKING_TOKEN", "genlab sync");
            assertThat(delivery.unsent()).isEqualTo(3);
            assertThat(journalTypes(onlyRunDirectory())).containsExactly("start", "metric", "end");
        }
    }

    @Test
    void aBearerTokenGoesWithEveryRequestIncludingArtifactUploads() {
        try (ScriptedHttpServer server = new ScriptedHttpServer().actingAsMlflow();
                MlflowTracker tracker = tracker(server.uri(),
                        MlflowCredentials.fromEnvironment(Map.of("MLFLOW_TRACKING_TOKEN", "s3cret")), QUICK);
                TrackedRun run = tracker.start(REQUEST)) {
            run.text("spec.yaml", "a: 1");
            run.end(RunStatus.FINISHED, null);
            assertThat(run.awaitDelivery(Duration.ofSeconds(30), messages::add).complete()).isTrue();

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
                MlflowTracker tracker = tracker(server.uri(), MlflowCredentials.fromEnvironment(env), QUICK);
                TrackedRun run = tracker.start(REQUEST)) {
            run.text("spec.yaml", "a: 1");
            run.end(RunStatus.FINISHED, null);
            assertThat(run.awaitDelivery(Duration.ofSeconds(30), messages::add).complete()).isTrue();

            assertThat(server.requests()).allSatisfy(request -> assertThat(request.authorization()).isEqualTo(basic));
        }
        assertThat(MlflowCredentials.fromEnvironment(env).toString()).doesNotContain("ada", "pw", "s3cret");
    }

    @Test
    void credentialsNeverReachTheJournalTheMessagesOrTheServersRecords() throws IOException {
        Map<String, String> env = Map.of("MLFLOW_TRACKING_USERNAME", "ada-the-user", "MLFLOW_TRACKING_PASSWORD",
                "pw-s3cret", "MLFLOW_TRACKING_TOKEN", "tok-s3cret");
        try (ScriptedHttpServer server = new ScriptedHttpServer().actingAsMlflow()) {
            server.on(LOG_BATCH, new ScriptedHttpServer.Response(401, "{\"message\": \"bad credentials\"}"));
            URI withUserInfo = URI.create("http://uri-user:uri-s3cret@127.0.0.1:" + server.uri().getPort() + "/?token=q-s3cret");
            try (MlflowTracker tracker = tracker(withUserInfo, MlflowCredentials.fromEnvironment(env), QUICK);
                    TrackedRun run = tracker.start(REQUEST)) {
                run.params(Map.of("lr", "0.1"));
                run.end(RunStatus.FINISHED, null);
                run.awaitDelivery(Duration.ofSeconds(30), messages::add);
                messages.add(tracker.describe());
            }

            List<String> secrets = List.of("ada-the-user", "pw-s3cret", "tok-s3cret", "uri-user", "uri-s3cret",
                    "q-s3cret", Base64.getEncoder().encodeToString("ada-the-user:pw-s3cret".getBytes()));
            assertThat(messages).isNotEmpty().allSatisfy(message -> assertThat(message).doesNotContain(secrets));
            try (Stream<Path> files = Files.walk(workDir)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).as(file.toString())
                            .doesNotContain(secrets);
                }
            }
            assertThat(server.requests()).allSatisfy(request -> assertThat(request.body()).doesNotContain(secrets));
        }
    }

    @Test
    void anArtifactUploadIsRetriedAfterAServerError() {
        String artifact = "/api/2.0/mlflow-artifacts/artifacts/7/r1/artifacts/spec.yaml";
        try (ScriptedHttpServer server = new ScriptedHttpServer().actingAsMlflow().on(artifact,
                new ScriptedHttpServer.Response(503, "busy"), new ScriptedHttpServer.Response(200, ""));
                MlflowTracker tracker = tracker(server.uri(), MlflowCredentials.NONE, QUICK);
                TrackedRun run = tracker.start(REQUEST)) {
            run.text("spec.yaml", "a: 1");
            run.end(RunStatus.FINISHED, null);
            assertThat(run.awaitDelivery(Duration.ofSeconds(30), messages::add).complete()).isTrue();

            assertThat(server.requests(artifact)).hasSize(2);
        }
    }

    @Test
    void aTrackingUriThatIsNotHttpIsRefused() {
        assertThatThrownBy(() -> tracker(URI.create("file:///tmp/mlruns"), MlflowCredentials.NONE, QUICK))
                .isInstanceOf(GenLabException.class)
                .hasMessageContaining("file:///tmp/mlruns")
                .hasMessageContaining("http://127.0.0.1:5000");
    }

    private MlflowTracker tracker(URI uri, MlflowCredentials credentials, DeliverySettings settings) {
        return new MlflowTracker(uri, credentials, workDir, settings, messages::add);
    }

    private Path onlyRunDirectory() throws IOException {
        try (Stream<Path> runs = Files.list(workDir.resolve(RunDirectory.RUNS))) {
            List<Path> all = runs.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    private static List<String> journalTypes(Path runDirectory) throws IOException {
        return journal(runDirectory).stream().map(line -> line.path("type").asText()).toList();
    }

    private static List<JsonNode> journal(Path runDirectory) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(runDirectory.resolve(RunDirectory.JOURNAL))) {
            lines.add(read(line));
        }
        return lines;
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static BufferedImage gradient() {
        BufferedImage image = new BufferedImage(40, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 40; x++) {
                image.getRaster().setSample(x, y, 0, (x * 6 + y * 2) % 256);
            }
        }
        return image;
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
