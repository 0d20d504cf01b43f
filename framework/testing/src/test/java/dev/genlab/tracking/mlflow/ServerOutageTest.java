package dev.genlab.tracking.mlflow;

import dev.genlab.core.testplugin.TestPlugin;
import dev.genlab.testing.GenLabFixture;
import dev.genlab.testing.ObservedTracker;
import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.core.run.RunResult;
import dev.genlab.mlflow.server.MlflowServer;
import dev.genlab.testing.MlflowRest;
import dev.genlab.tracking.Tracker;
import dev.genlab.tracking.rest.MlflowCredentials;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tracking server goes away in the middle of a run and comes back later, at the same address with the same
 * store: the run goes on, and ends FINISHED in MLflow with every metric value logged, each exactly once.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ServerOutageTest {
    /** With 32 steps an epoch and 4 epochs: the server is away from step 20 to step 70. */
    private static final long STOP_AT = 20;
    private static final long RESTART_AT = 70;
    private static final DeliverySettings SETTINGS = DeliverySettings.DEFAULTS
            .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1))
            .withPatience(Duration.ofSeconds(60));

    private final List<String> messages = new CopyOnWriteArrayList<>();
    @TempDir
    Path store;
    @TempDir
    Path workDir;

    @Test
    void aRunOutlivesItsServerGoingAwayAndEveryMetricArrivesExactlyOnce() throws Exception {
        Path executable = MlflowServer.findExecutable().orElseThrow();
        MlflowServer first = MlflowServer.start(store);
        int port = first.uri().getPort();
        Outage outage = new Outage(first, () -> MlflowServer.start(executable, store, port,
                MlflowServer.DEFAULT_STARTUP_TIMEOUT));
        GenLabFixture runner = GenLabFixture.create();
        try {
            RunResult result;
            try (MlflowTracker tracker = new MlflowTracker(first.uri(), MlflowCredentials.NONE, workDir, SETTINGS,
                    messages::add)) {
                result = runner.run(outage.around(tracker), TestPlugin.SPEC.formatted("outage"), "training.epochs=4");
            }

            MlflowRest mlflow = new MlflowRest(outage.server().uri());
            MlflowRest.Run run = mlflow.run(result.runId());
            assertThat(run.status()).isEqualTo("FINISHED");
            assertThat(outage.logged.keySet()).contains("train/loss", "test/mse", "epoch");
            outage.logged.forEach((key, points) -> assertThat(mlflow.metricHistory(run.runId(), key))
                    .as(key).extracting(point -> new Point(point.step(), point.value()))
                    .containsExactlyInAnyOrderElementsOf(points));
            assertThat(outage.logged.get("train/loss")).hasSize(128);
            assertThat(mlflow.download(run.runId(), "model/mean.bin")).isNotEmpty();
        } finally {
            outage.server().close();
        }
        assertThat(messages).anySatisfy(message -> assertThat(message).containsPattern("^(Cannot reach|Lost contact"
                + " with) the MLflow tracking server at " + outage.uri()).contains("The run goes on"));
        assertThat(messages).anySatisfy(message -> assertThat(message).contains("answers again"));
        assertThat(runner.console()).contains("Run finished: " + outage.uri() + "/#/experiments/");
    }

    private record Point(long step, double value) {
    }

    /** A started MLflow server, for the outage to replace. */
    @FunctionalInterface
    private interface Restart {
        MlflowServer start();
    }

    /**
     * Stops the server when the training loop logs the loss of {@link #STOP_AT} and starts it again at
     * {@link #RESTART_AT}, once the sender has noticed: from the training thread, so that the outage falls at
     * the same point of every run without any timing. Records every metric value that went through.
     */
    private final class Outage {
        private final Restart restart;
        private final Map<String, List<Point>> logged = new LinkedHashMap<>();
        private MlflowServer server;

        Outage(MlflowServer server, Restart restart) {
            this.server = server;
            this.restart = restart;
        }

        MlflowServer server() {
            return server;
        }

        String uri() {
            return server.uri().toString();
        }

        Tracker around(Tracker tracker) {
            return ObservedTracker.around(tracker, this::after);
        }

        private void after(String key, double value, long step) {
            logged.computeIfAbsent(key, k -> new ArrayList<>()).add(new Point(step, value));
            if (!key.equals("train/loss")) {
                return;
            }
            if (step == STOP_AT) {
                server.close();
            } else if (step == RESTART_AT) {
                // The steps since the stop gave the sender something to send, and so a failure to report.
                awaitMessage("The run goes on");
                server = restart.start();
            }
        }

        private void awaitMessage(String text) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (messages.stream().noneMatch(message -> message.contains(text))) {
                assertThat(System.nanoTime()).as("the sender reports the outage; it said %s", messages)
                        .isLessThan(deadline);
                Thread.onSpinWait();
            }
        }

    }
}
