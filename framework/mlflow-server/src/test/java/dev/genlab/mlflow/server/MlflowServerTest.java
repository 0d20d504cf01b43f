package dev.genlab.mlflow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MlflowServerTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void startsARealServerStoringInItsDirectoryAndStopsItWithAllItsProcesses(@TempDir Path dir) throws Exception {
        List<ProcessHandle> family;
        URI uri;
        try (MlflowServer server = MlflowServer.start(dir)) {
            uri = server.uri();
            assertThat(server.uri().getHost()).isEqualTo("127.0.0.1");
            assertThat(get(uri, "/health").statusCode()).isEqualTo(200);
            HttpResponse<String> experiment = get(uri, "/api/2.0/mlflow/experiments/get-by-name?experiment_name=Default");
            assertThat(experiment.statusCode()).isEqualTo(200);
            assertThat(experiment.body()).as("artifacts are proxied by the server").contains("mlflow-artifacts:/0");
            assertThat(dir.resolve("mlflow.db")).isRegularFile();
            assertThat(server.log()).isRegularFile();
            family = Stream.concat(Stream.of(server.process()), server.process().descendants()).toList();
            assertThat(family).as("mlflow server runs the web server as a child").hasSizeGreaterThan(1);
        }
        assertThat(family).noneMatch(ProcessHandle::isAlive);
        assertThatThrownBy(() -> get(uri, "/health")).isInstanceOf(ConnectException.class);
    }

    @Test
    void twoServersStartedAtOnceOnANewStoreBothComeUpAndShareIt(@TempDir Path dir) throws Exception {
        ExecutorService starters = Executors.newFixedThreadPool(2);
        try {
            Future<MlflowServer> first = starters.submit(() -> MlflowServer.start(dir));
            Future<MlflowServer> second = starters.submit(() -> MlflowServer.start(dir));
            try (MlflowServer one = first.get(); MlflowServer two = second.get()) {
                assertThat(post(one.uri(), "/api/2.0/mlflow/experiments/create", "{\"name\": \"from-one\"}")
                        .statusCode()).isEqualTo(200);
                assertThat(post(two.uri(), "/api/2.0/mlflow/experiments/create", "{\"name\": \"from-two\"}")
                        .statusCode()).isEqualTo(200);
                assertThat(get(one.uri(), "/api/2.0/mlflow/experiments/get-by-name?experiment_name=from-two")
                        .statusCode()).as("one store behind both").isEqualTo(200);
            }
        } finally {
            starters.shutdownNow();
        }
        assertThat(dir.resolve(StoreLock.FILE)).isRegularFile();
    }

    @Test
    void theStoreLockIsHeldWhileAServerStarts(@TempDir Path dir) throws IOException {
        Path started = dir.resolve("started");
        Path fake = script(dir, "touch " + started + "; sleep 300");
        Files.createDirectories(dir.resolve("work"));

        try (StoreLock held = StoreLock.acquire(dir.resolve("work"), Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> MlflowServer.start(fake, dir.resolve("work"), Duration.ofSeconds(1)))
                    .isInstanceOf(MlflowServerException.class)
                    .hasMessageContaining("Another program has been starting an MLflow server on the store in "
                            + dir.resolve("work"));
        }
        assertThat(started).as("no server started while the store was locked").doesNotExist();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aJvmKilledOutrightLeavesNoServerBehind(@TempDir Path dir) throws Exception {
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ServerHolder.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        List<ProcessHandle> family;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertThat(line).as("the JVM started a server").startsWith("server ");
            ProcessHandle server = ProcessHandle.of(Long.parseLong(line.substring("server ".length()))).orElseThrow();
            family = Stream.concat(Stream.of(server), server.descendants()).toList();
            assertThat(family).allMatch(ProcessHandle::isAlive);

            jvm.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertThat(jvm.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(family).allSatisfy(process -> assertThat(process.onExit()).succeedsWithin(Duration.ofSeconds(30)));
    }

    @Test
    void aServerThatDiesAtOnceIsReportedWithTheEndOfItsLog(@TempDir Path dir) throws IOException {
        Path fake = script(dir, "echo 'Traceback: no module named flask'; exit 3");

        assertThatThrownBy(() -> MlflowServer.start(fake, dir.resolve("work"), Duration.ofSeconds(30)))
                .isInstanceOf(MlflowServerException.class)
                .hasMessageContaining("exited with code 3")
                .hasMessageContaining("Traceback: no module named flask");
    }

    @Test
    void aServerThatNeverAnswersTimesOutAndLeavesNoProcessBehind(@TempDir Path dir) throws IOException {
        Path pids = dir.resolve("pids");
        Path fake = script(dir, "sleep 300 & echo $! > " + pids + "; echo $$ >> " + pids + "; echo waiting; wait");

        assertThatThrownBy(() -> MlflowServer.start(fake, dir.resolve("work"), Duration.ofSeconds(2)))
                .isInstanceOf(MlflowServerException.class)
                .hasMessageContaining("did not answer")
                .hasMessageContaining("waiting");
        List<Long> started = Files.readAllLines(pids).stream().map(Long::parseLong).toList();
        assertThat(started).hasSize(2);
        assertThat(started).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
    }

    @Test
    void findsTheExecutableOnPathOrWhereTheVariablePoints(@TempDir Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path onPath = script(bin, "exit 0");
        Files.move(onPath, bin.resolve("mlflow"));
        Path explicit = script(dir, "exit 0");

        assertThat(MlflowExecutable.find(Map.of("PATH", dir.resolve("empty") + ":" + bin)))
                .contains(bin.resolve("mlflow"));
        assertThat(MlflowExecutable.find(Map.of("PATH", bin.toString(), "GENLAB_MLFLOW", explicit.toString())))
                .contains(explicit);
        assertThat(MlflowExecutable.find(Map.of("PATH", dir.resolve("empty").toString()))).isEmpty();
        assertThatThrownBy(() -> MlflowExecutable.find(Map.of("GENLAB_MLFLOW", dir.resolve("nothing").toString())))
                .isInstanceOf(MlflowServerException.class)
                .hasMessageContaining("GENLAB_MLFLOW=" + dir.resolve("nothing"));
    }

    @Test
    void aGivenPortThatIsTakenIsReportedBeforeAnythingStarts(@TempDir Path dir) throws IOException {
        Path started = dir.resolve("started");
        Path fake = script(dir, "touch " + started + "; sleep 300");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> MlflowServer.start(fake, dir.resolve("work"), taken.getLocalPort(),
                    Duration.ofSeconds(30)))
                    .isInstanceOf(MlflowServerException.class)
                    .hasMessage("Port " + taken.getLocalPort() + " on 127.0.0.1 is already in use: stop what listens"
                            + " there or choose another port");
        }
        assertThat(started).as("no server was launched to answer in its place").doesNotExist();
    }

    @Test
    void theCommandUsesSqliteAndProxiedArtifactsInTheWorkDirectory() {
        Path dir = Path.of("/data/runs");

        assertThat(MlflowServer.command(Path.of("/usr/bin/mlflow"), dir, 5123)).containsExactly(
                "/usr/bin/mlflow", "server",
                "--backend-store-uri", "sqlite:////data/runs/mlflow.db",
                "--artifacts-destination", "/data/runs/mlartifacts",
                "--serve-artifacts", "--host", "127.0.0.1", "--port", "5123", "--workers", "1");
    }

    private HttpResponse<String> post(URI uri, String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(URI uri, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri.resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Path script(Path dir, String body) throws IOException {
        Path script = Files.createTempFile(dir, "fake-mlflow", ".sh");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }
}
