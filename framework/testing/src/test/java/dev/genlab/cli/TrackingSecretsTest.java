package dev.genlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.mlflow.server.MlflowServer;
import dev.genlab.testing.MlflowRest;
import dev.genlab.testing.WithMlflowServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A password given in {@code tracking.uri} is used to reach the server, and stored nowhere: not in the run's
 * journal directory (journal, checkpoint, spec), not in the MLflow store (parameters, tags, artifacts), not on
 * the console.
 */
@WithMlflowServer
class TrackingSecretsTest {
    private static final String PASSWORD = "pw-9f2c7e41";

    @Test
    void aPasswordInTheTrackingUriIsStoredNowhere(MlflowServer server, MlflowRest mlflow, @TempDir Path specs,
            @TempDir Path workDir) throws IOException {
        String address = "127.0.0.1:" + server.uri().getPort();
        Path spec = specs.resolve("secret.yaml");
        Files.writeString(spec, """
                experiment: tracking-secrets
                dataset: {type: bars, trainSize: 64, testSize: 16}
                model: mean-image
                training: {epochs: 2, batchSize: 8}
                tracking:
                  uri: http://genlab-user:%s@%s
                """.formatted(PASSWORD, address));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream printer = new PrintStream(console, true, StandardCharsets.UTF_8);

        int status = new Main(printer, printer, workDir).execute("run", spec.toString());
        int validated = new Main(printer, printer, workDir).execute("validate", spec.toString());

        String printed = console.toString(StandardCharsets.UTF_8);
        assertThat(status).as(printed).isZero();
        assertThat(validated).isZero();
        String experiment = mlflow.experimentByName("tracking-secrets").orElseThrow().experimentId();
        MlflowRest.Run run = mlflow.searchRuns(experiment).get(0);
        assertThat(run.status()).isEqualTo("FINISHED");
        assertThat(run.params()).doesNotContainKey("tracking.uri");
        assertThat(run.params().values()).noneMatch(value -> value.contains(PASSWORD));
        assertThat(run.tags().values()).noneMatch(value -> value.contains(PASSWORD));
        assertThat(new String(mlflow.download(run.runId(), "spec.yaml"), StandardCharsets.UTF_8))
                .contains("uri: http://" + address);

        String encoded = Base64.getEncoder().encodeToString(("genlab-user:" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        assertThat(printed).doesNotContain(PASSWORD).doesNotContain(encoded);
        List<Path> stored = files(workDir);
        stored.addAll(files(server.workDir()));
        assertThat(stored).as("files of the run and of the MLflow store")
                .anyMatch(file -> file.endsWith("journal.jsonl"))
                .anyMatch(file -> file.getFileName().toString().equals("mlflow.db"))
                .anyMatch(file -> file.endsWith("spec.yaml"));
        for (Path file : stored) {
            String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            assertThat(bytes).as(file.toString()).doesNotContain(PASSWORD).doesNotContain(encoded);
        }
    }

    private static List<Path> files(Path directory) throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            return new java.util.ArrayList<>(walk.filter(Files::isRegularFile).toList());
        }
    }
}
