package dev.genlab.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.core.run.RunResult;
import dev.genlab.testing.GenLabFixture;
import dev.genlab.testing.MlflowRest;
import dev.genlab.testing.SharedDatasets;
import dev.genlab.testing.WithMlflowServer;
import dev.genlab.tracking.Tracker;
import dev.genlab.tracking.mlflow.LocalMlflow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two short real runs of the quick-start autoencoder that differ in one parameter, tracked in a real MLflow server
 * and compared through {@code genlab compare}.
 */
@WithMlflowServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompareCommandTest {
    private static final String EXPERIMENT = "compare-test";
    private final List<RunResult> runs = new ArrayList<>();
    @TempDir
    static Path workDir;

    @BeforeAll
    void twoRunsThatDifferInTheirHiddenLayer(URI server) throws IOException {
        String spec = Files.readString(repository().resolve("experiments/ae-mnist-quick.yaml"));
        GenLabFixture fixture = GenLabFixture.create();
        for (String hidden : List.of("[32]", "[8]")) {
            try (Tracker tracker = LocalMlflow.open(Optional.of(server), workDir, message -> { })) {
                runs.add(fixture.run(tracker, spec, "experiment=" + EXPERIMENT, "dataset.trainSubset=640",
                        "dataset.testSubset=500", "dataset.dataDir=" + SharedDatasets.mnist(), "training.epochs=2",
                        "tracking.imageEvery=20", "tracking.scoreSamples=100", "tracking.systemMetricsEvery=0",
                        "tracking.saveModel=false", "model.hiddenSizes=" + hidden));
            }
        }
    }

    @Test
    void theTableListsTheParameterThatDiffersAndBothRunsMetricsAndTheReportIsLogged(URI server, MlflowRest mlflow)
            throws IOException {
        Path report = workDir.resolve("report.html");
        Result result = compare("--tracking-uri", server.toString(), "--out", report.toString(),
                runs.get(0).runId(), runs.get(1).runId());
        assertThat(result.status()).as(result.err()).isZero();

        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(1)).containsSubsequence("ae-mnist-quick", "ae-mnist-quick-2");
        assertThat(lines.get(2)).containsSubsequence(runs.get(0).runId().substring(0, 8),
                runs.get(1).runId().substring(0, 8));
        assertThat(lines.get(3)).containsSubsequence("FINISHED", "FINISHED");
        // the only parameter that differs: the overrides common to both are the same values
        List<String> parameters = lines.subList(lines.indexOf("parameters that differ") + 1,
                lines.indexOf("final metrics (* best)"));
        assertThat(parameters).singleElement().asString().matches("  model\\.hiddenSizes +\\[32] +\\[8]");
        for (String metric : List.of("test/loss", "test/mse", "test/psnr", "score/fd", "score/precision",
                "train/epoch_loss", "train/loss")) {
            assertThat(lines).as(metric).anySatisfy(line -> assertThat(line)
                    .matches("  " + Pattern.quote(metric) + " +[-0-9.e]+( \\*)? +[-0-9.e]+( \\*)?"));
        }
        // a 32-unit code reconstructs better than an 8-unit one after the same training
        assertThat(lines).anySatisfy(line -> assertThat(line).matches("  test/mse +[0-9.]+ \\* +[0-9.]+"));

        String html = Files.readString(report);
        int charts = count(html, "<svg ");
        assertThat(charts).as("a chart per metric logged more than once").isEqualTo(count(html, "</svg>"))
                .isGreaterThanOrEqualTo(5);
        assertThat(html).contains("aria-label=\"train/loss\"", "aria-label=\"test/mse\"",
                "aria-label=\"score/fd\"");
        assertThat(count(html, "<polyline ")).as("a line per run in each chart").isEqualTo(2 * charts);
        assertThat(count(html, "src=\"data:image/png;base64,iVBORw0KGgo")).as("each run's reconstructions")
                .isEqualTo(2);
        // images at steps 0, 20 and 40 (640 images at batch 32, two epochs): the report shows the last
        assertThat(html).contains("<h3>reconstructions</h3>", "<figcaption>ae-mnist-quick, step 40</figcaption>",
                "<figcaption>ae-mnist-quick-2, step 40</figcaption>").doesNotContain("src=\"http");

        Matcher logged = Pattern.compile("Logged to run '.*' \\(([0-9a-f]{32})\\)").matcher(result.out());
        assertThat(logged.find()).as(result.out()).isTrue();
        MlflowRest.Run comparison = mlflow.run(logged.group(1));
        assertThat(comparison.tags()).containsEntry("genlab.kind", "comparison")
                .containsEntry("genlab.compare.runs", runs.get(0).runId() + "," + runs.get(1).runId());
        assertThat(comparison.status()).isEqualTo("FINISHED");
        assertThat(new String(mlflow.download(comparison.runId(), "compare.html"), StandardCharsets.UTF_8))
                .isEqualTo(html);
    }

    @Test
    void anExperimentsRunsLeaveOutComparisons(URI server) {
        Path report = workDir.resolve("experiment.html");
        compare("--tracking-uri", server.toString(), "--out", report.toString(), runs.get(0).runId(),
                runs.get(1).runId());

        Result result = compare("--tracking-uri", server.toString(), "--experiment", EXPERIMENT, "--out",
                report.toString(), "--no-log");

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out().lines().findFirst()).hasValue("All 2 runs of experiment '" + EXPERIMENT + "':");
        assertThat(result.out()).doesNotContain("Logged to run");
    }

    @Test
    void badInputIsOneLineAndStatusTwo(URI server) throws IOException {
        int unused;
        try (ServerSocket socket = new ServerSocket(0)) {
            unused = socket.getLocalPort();
        }
        assertRefused(compare("--tracking-uri", server.toString(), runs.get(0).runId(), "0123456789abcdef"),
                "error [config]: Run 0123456789abcdef: there is no such run in " + server);
        assertRefused(compare("--tracking-uri", server.toString(), "--experiment", "no-such-experiment"),
                "error [config]: --experiment no-such-experiment: there is no experiment 'no-such-experiment' in "
                        + server);
        assertRefused(compare("--tracking-uri", "http://127.0.0.1:" + unused, runs.get(0).runId(),
                runs.get(1).runId()), "error [tracking]: Cannot reach the MLflow tracking server at http://127.0.0.1:"
                + unused);
        assertRefused(compare(runs.get(0).runId()), "error [config]: genlab compare: one run id");
        assertRefused(compare("--experiment", "x", "--parent", "y"), "error [config]: genlab compare: name the runs"
                + " one way");
        Path file = Files.writeString(workDir.resolve("a-file"), "");
        assertRefused(compare("--tracking-uri", server.toString(), runs.get(0).runId(), runs.get(1).runId(),
                "--out", file.resolve("report.html").toString(), "--no-log"),
                "error [config]: --out " + file.resolve("report.html") + ": cannot write the report");
    }

    private void assertRefused(Result result, String start) {
        assertThat(result.status()).as(result.err()).isEqualTo(2);
        assertThat(result.err().lines().toList()).as(result.err()).singleElement().asString().startsWith(start);
    }

    private record Result(int status, String out, String err) {
    }

    private Result compare(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new CompareCommand().execute(List.of(args), workDir,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String errors = err.toString(StandardCharsets.UTF_8).lines().filter(line -> !line.startsWith("Reading "))
                .reduce("", (a, b) -> a + b + "\n");
        return new Result(status, out.toString(StandardCharsets.UTF_8), errors);
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    private static Path repository() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("experiments")) && Files.isDirectory(dir.resolve("framework"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository above " + Path.of("").toAbsolutePath());
    }
}
