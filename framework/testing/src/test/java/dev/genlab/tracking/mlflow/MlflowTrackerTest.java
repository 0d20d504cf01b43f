package dev.genlab.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genlab.testing.MlflowRest;
import dev.genlab.testing.WithMlflowServer;
import dev.genlab.tracking.DatasetInput;
import dev.genlab.tracking.RunRequest;
import dev.genlab.tracking.RunStatus;
import dev.genlab.tracking.TrackedRun;
import dev.genlab.tracking.rest.MlflowCredentials;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run leaves in a real MLflow server once its journal has been delivered. */
@WithMlflowServer
class MlflowTrackerTest {
    private static final String SPEC = "experiment: tracker-test\nmodel:\n  name: vae\n  latentDim: 16\n";
    /** How MLflow's UI parses logged image names (ImagePlot: key, "step", step, "timestamp", time, uuid). */
    private static final Pattern IMAGE_FILE = Pattern.compile(
            "images/(?<key>[^+]+)\\+step\\+(?<step>\\d+)\\+timestamp\\+(?<time>\\d+)\\+(?<id>[0-9a-f-]{36})(?<compressed>\\+compressed)?\\.(?<ext>png|webp)");

    private final List<String> messages = new CopyOnWriteArrayList<>();
    @TempDir
    Path workDir;

    @Test
    void recordsAFinishedRunWithEverythingItLogged(URI uri, MlflowRest mlflow) throws IOException {
        String longValue = "x".repeat(5000) + "y".repeat(2000);
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < 150; i++) {
            params.put("p%03d".formatted(i), Integer.toString(i * 7));
        }
        params.put("encoder", longValue);
        BufferedImage grid = greyGradient(40, 28);
        String runId;
        try (MlflowTracker tracker = tracker(uri);
                TrackedRun run = tracker.start(new RunRequest("tracker-full", "vae-1", Map.of("genlab.spec", "vae.yaml")))) {
            runId = run.runId();
            assertThat(run.url()).isEqualTo(uri + "/#/experiments/" + run.experimentId() + "/runs/" + runId);
            run.params(params);
            for (int step = 0; step < 10; step++) {
                run.metric("loss", 1.0 / (step + 1), step);
            }
            run.metric("epoch", 1, 10);
            run.image("samples/grid", grid, 3);
            run.text("spec.yaml", SPEC);
            run.tags(Map.of("genlab.status", "done"));
            run.dataset(new DatasetInput("bars", "seed-7", "local", "{\"uri\": \"/data/bars\"}", "{}",
                    "{\"features_shape\": [4, 64]}", "training"));
            run.end(RunStatus.FINISHED, "ignored for finished runs");
        }

        assertThat(messages).as("nothing to report about a healthy server").isEmpty();
        MlflowRest.Run stored = mlflow.run(runId);
        assertThat(stored.datasetInputs()).singleElement().satisfies(input -> {
            assertThat(input.name()).isEqualTo("bars");
            assertThat(input.digest()).isEqualTo("seed-7");
            assertThat(input.sourceType()).isEqualTo("local");
            assertThat(input.source()).isEqualTo("{\"uri\": \"/data/bars\"}");
            assertThat(input.profile()).isEqualTo("{\"features_shape\": [4, 64]}");
            assertThat(input.tags()).containsEntry("mlflow.data.context", "training");
        });
        Path journal = workDir.resolve(".genlab/runs").resolve(stored.tags().get("genlab.local_id"));
        assertThat(journal.resolve("journal.jsonl")).isRegularFile();
        assertThat(Files.readString(journal.resolve("sent.json"))).contains("\"" + uri + "\"");
        assertThat(stored.status()).isEqualTo("FINISHED");
        assertThat(stored.endTime()).isGreaterThanOrEqualTo(stored.startTime()).isPositive();
        assertThat(stored.runName()).isEqualTo("vae-1");
        assertThat(stored.tags()).containsEntry("mlflow.runName", "vae-1")
                .containsEntry("genlab.spec", "vae.yaml")
                .containsEntry("genlab.status", "done")
                .containsEntry("mlflow.user", System.getProperty("user.name"))
                .doesNotContainKey(JournaledRun.FAILURE_TAG);

        assertThat(stored.params()).hasSize(151).containsEntry("p000", "0").containsEntry("p149", "1043");
        String cut = stored.params().get("encoder");
        assertThat(cut).hasSizeLessThanOrEqualTo(6000).startsWith("x".repeat(5000)).contains("params/encoder.txt");
        assertThat(new String(mlflow.download(runId, "params/encoder.txt"), StandardCharsets.UTF_8)).isEqualTo(longValue);

        List<MlflowRest.Metric> loss = mlflow.metricHistory(runId, "loss");
        assertThat(loss).extracting(MlflowRest.Metric::step).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(loss).extracting(MlflowRest.Metric::value)
                .containsExactly(1.0, 1.0 / 2, 1.0 / 3, 1.0 / 4, 1.0 / 5, 1.0 / 6, 1.0 / 7, 1.0 / 8, 1.0 / 9, 1.0 / 10);
        assertThat(loss).allSatisfy(point -> assertThat(point.timestamp()).isGreaterThanOrEqualTo(stored.startTime()));
        assertThat(stored.metrics()).containsEntry("loss", 0.1).containsEntry("epoch", 1.0);

        assertThat(new String(mlflow.download(runId, "spec.yaml"), StandardCharsets.UTF_8)).isEqualTo(SPEC);
        assertThat(mlflow.download(runId, "spec.yaml")).isEqualTo(SPEC.getBytes(StandardCharsets.UTF_8));

        assertThat(stored.tags()).containsEntry("mlflow.loggedImages", "True");
        List<String> images = mlflow.artifactFilesRecursively(runId, "images");
        assertThat(images).hasSize(2);
        List<Matcher> names = images.stream().map(IMAGE_FILE::matcher).toList();
        assertThat(names).allMatch(Matcher::matches);
        assertThat(names).allSatisfy(name -> {
            assertThat(name.group("key")).isEqualTo("samples~grid");
            assertThat(name.group("step")).isEqualTo("3");
            assertThat(Long.parseLong(name.group("time"))).isBetween(stored.startTime(), stored.endTime());
        });
        assertThat(names.stream().map(name -> name.group("id") + name.group("time")).distinct())
                .as("the PNG and its thumbnail share uuid and timestamp").hasSize(1);
        String png = images.stream().filter(path -> path.endsWith(".png")).findFirst().orElseThrow();
        String webp = images.stream().filter(path -> path.endsWith("+compressed.webp")).findFirst().orElseThrow();
        BufferedImage full = ImageIO.read(new ByteArrayInputStream(mlflow.download(runId, png)));
        assertThat(full.getWidth()).isEqualTo(40);
        assertThat(full.getRaster().getSample(39, 27, 0)).isEqualTo(grid.getRaster().getSample(39, 27, 0));
        BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(mlflow.download(runId, webp)));
        assertThat(thumbnail.getWidth()).isEqualTo(256);
        assertThat(thumbnail.getHeight()).isEqualTo(179);
    }

    @Test
    void aFailedRunKeepsItsReasonInATagAndItsDescription(URI uri, MlflowRest mlflow) {
        String runId;
        try (MlflowTracker tracker = tracker(uri);
                TrackedRun run = tracker.start(new RunRequest("tracker-failures", "diverged", Map.of()))) {
            runId = run.runId();
            run.tags(Map.of(JournaledRun.NOTE_TAG, "Trying a larger learning rate."));
            run.metric("loss", Double.NaN, 12);
            run.end(RunStatus.FAILED, "loss became NaN at step 12");
        }

        MlflowRest.Run stored = mlflow.run(runId);
        assertThat(stored.status()).isEqualTo("FAILED");
        assertThat(stored.endTime()).isPositive();
        assertThat(stored.tags()).containsEntry("genlab.failure", "loss became NaN at step 12");
        assertThat(stored.tags().get("mlflow.note.content"))
                .startsWith("Trying a larger learning rate.")
                .endsWith("**FAILED:** loss became NaN at step 12");
        assertThat(mlflow.metricHistory(runId, "loss")).singleElement()
                .satisfies(point -> assertThat(point.value()).isNaN());
    }

    @Test
    void aKilledRunIsMarkedKilled(URI uri, MlflowRest mlflow) {
        try (MlflowTracker tracker = tracker(uri);
                TrackedRun run = tracker.start(new RunRequest("tracker-failures", "interrupted", Map.of()))) {
            run.end(RunStatus.KILLED, "interrupted by the user");
            assertThat(run.awaitDelivery(Duration.ofSeconds(60), messages::add).complete()).isTrue();

            assertThat(mlflow.run(run.runId()).status()).isEqualTo("KILLED");
            assertThat(mlflow.run(run.runId()).tags()).containsEntry("genlab.failure", "interrupted by the user");
        }
    }

    @Test
    void closingARunThatWasNotEndedMarksItFailed(URI uri, MlflowRest mlflow) {
        String runId;
        try (MlflowTracker tracker = tracker(uri);
                TrackedRun run = tracker.start(new RunRequest("tracker-failures", "abandoned", Map.of()))) {
            runId = run.runId();
            run.metric("loss", 0.5, 1);
            assertThat(mlflow.run(runId).status()).isEqualTo("RUNNING");
        }

        MlflowRest.Run stored = mlflow.run(runId);
        assertThat(stored.status()).isEqualTo("FAILED");
        assertThat(stored.tags()).containsEntry("genlab.failure", "run was not ended");
        assertThat(stored.metrics()).as("pending metrics are sent before the run ends").containsEntry("loss", 0.5);
    }

    @Test
    void nothingCanBeLoggedAfterTheEnd(URI uri) {
        try (MlflowTracker tracker = tracker(uri);
                TrackedRun run = tracker.start(new RunRequest("tracker-failures", "late", Map.of()))) {
            run.end(RunStatus.FINISHED, null);

            assertThatThrownBy(() -> run.metric("loss", 1, 1)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> run.end(RunStatus.FAILED, "again")).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void sendsManyMetricValuesInBatchesTheServerAccepts(URI uri, MlflowRest mlflow) {
        String runId;
        try (MlflowTracker tracker = tracker(uri);
                TrackedRun run = tracker.start(new RunRequest("tracker-batches", "many", Map.of()))) {
            runId = run.runId();
            for (int step = 0; step < 2500; step++) {
                run.metric("loss", step, step);
            }
            run.end(RunStatus.FINISHED, null);
        }

        List<MlflowRest.Metric> history = mlflow.metricHistory(runId, "loss");
        assertThat(history).hasSize(2500);
        assertThat(history).extracting(MlflowRest.Metric::step).doesNotHaveDuplicates().contains(0L, 999L, 1000L, 2499L);
    }

    @Test
    void reusesAnExperimentByName(URI uri, MlflowRest mlflow) {
        List<String> runIds = new ArrayList<>();
        List<String> experimentIds = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            try (MlflowTracker tracker = tracker(uri);
                    TrackedRun run = tracker.start(new RunRequest("tracker-reuse", "run-" + i, Map.of()))) {
                runIds.add(run.runId());
                experimentIds.add(run.experimentId());
                run.end(RunStatus.FINISHED, null);
            }
        }

        assertThat(experimentIds).containsOnly(mlflow.experimentByName("tracker-reuse").orElseThrow().experimentId());
        assertThat(mlflow.searchRuns(experimentIds.get(0))).extracting(MlflowRest.Run::runId)
                .containsExactlyInAnyOrderElementsOf(runIds);
    }

    @Test
    void runsStartedTogetherInANewExperimentShareIt(URI uri) throws Exception {
        int parallel = 4;
        CyclicBarrier barrier = new CyclicBarrier(parallel);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<String>> experimentIds = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                String name = "racer-" + i;
                Callable<String> start = () -> {
                    try (MlflowTracker tracker = tracker(uri)) {
                        barrier.await();
                        try (TrackedRun run = tracker.start(new RunRequest("tracker-race", name, Map.of()))) {
                            run.end(RunStatus.FINISHED, null);
                            return run.experimentId();
                        }
                    }
                };
                experimentIds.add(pool.submit(start));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> id : experimentIds) {
                ids.add(id.get());
            }
            assertThat(ids).hasSize(parallel).containsOnly(ids.get(0));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsArtifactPathsOutsideTheRunWithoutSendingThem(URI uri, MlflowRest mlflow) {
        try (MlflowTracker tracker = tracker(uri);
                TrackedRun run = tracker.start(new RunRequest("tracker-paths", "traversal", Map.of()))) {
            for (String path : List.of("../escape.txt", "plots/../../escape.txt", "/etc/passwd", "C:/x.txt")) {
                assertThatThrownBy(() -> run.artifact(path, new byte[] {1}))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(path);
            }
            assertThatThrownBy(() -> run.image("bad:key", greyGradient(2, 2), 0)).isInstanceOf(IllegalArgumentException.class);

            assertThat(mlflow.artifacts(run.runId(), "")).isEmpty();
            run.end(RunStatus.FINISHED, null);
        }
    }

    private MlflowTracker tracker(URI uri) {
        return new MlflowTracker(uri, MlflowCredentials.NONE, workDir, DeliverySettings.DEFAULTS, messages::add);
    }

    private static BufferedImage greyGradient(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, (x * 6 + y * 2) % 256);
            }
        }
        return image;
    }
}
