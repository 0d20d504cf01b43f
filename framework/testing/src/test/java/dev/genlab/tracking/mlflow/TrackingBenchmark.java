package dev.genlab.tracking.mlflow;

import dev.genlab.core.testplugin.TestPlugin;
import dev.genlab.mlflow.server.MlflowServer;
import dev.genlab.testing.GenLabFixture;
import dev.genlab.testing.ObservedTracker;
import dev.genlab.tracking.Delivery;
import dev.genlab.tracking.RunRequest;
import dev.genlab.tracking.RunStatus;
import dev.genlab.tracking.TrackedRun;
import dev.genlab.tracking.Tracker;
import dev.genlab.tracking.memory.InMemoryTracker;
import dev.genlab.tracking.rest.MlflowCredentials;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Training throughput with tracking off and on, in one program: the real runner on the test plugin (many small
 * steps, every loss logged), first with tracking off ({@code tracking.uri: none}), then journaled and sent to a
 * live local MLflow server, to a server that takes 2 s over every answer, and to no server at all; then the cost
 * of one tracking call. A benchmark, not a test: it asserts nothing and is not run by {@code mvn test}.
 *
 * <pre>mvn -B -q install -DskipTests -pl framework/core -am
 * mvn -B -q -pl framework/core test-compile exec:exec@tracking-benchmark</pre>
 */
public final class TrackingBenchmark {
    private static final int REPEATS = 5;
    private static final String[] RUN = {"dataset.trainSize=2048", "training.epochs=2", "training.batchSize=4"};

    private TrackingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("genlab-benchmark-");
        Consumer<String> quiet = message -> { };
        try (MlflowServer server = MlflowServer.start(work.resolve("store"));
                ScriptedHttpServer slow = new ScriptedHttpServer().actingAsMlflow()
                        .delayingEveryAnswer(Duration.ofSeconds(2))) {
            DeliverySettings settings = DeliverySettings.DEFAULTS.withPatience(Duration.ofSeconds(2))
                    .withStartWait(Duration.ZERO);
            URI down = URI.create("http://127.0.0.1:" + unusedPort());
            Map<String, Supplier<Tracker>> variants = new LinkedHashMap<>();
            variants.put("tracking off (tracking.uri: none)", InMemoryTracker::new);
            variants.put("journal + live MLflow server",
                    () -> new MlflowTracker(server.uri(), MlflowCredentials.NONE, work, settings, quiet));
            variants.put("journal + server answering in 2 s",
                    () -> new MlflowTracker(slow.uri(), MlflowCredentials.NONE, work, settings, quiet));
            variants.put("journal + server down",
                    () -> new MlflowTracker(down, MlflowCredentials.NONE, work, settings, quiet));
            stepsPerSecond(InMemoryTracker::new);
            Map<String, List<Double>> results = new LinkedHashMap<>();
            // Interleaved, so that a machine busy with something else slows every variant alike.
            for (int repeat = 0; repeat < REPEATS; repeat++) {
                variants.forEach((label, tracker) -> results.computeIfAbsent(label, k -> new ArrayList<>())
                        .add(stepsPerSecond(tracker)));
            }
            System.out.printf(Locale.ROOT, "Training throughput (mean-image on bars, batch 4, every loss logged), %d"
                    + " runs each, steps/s:%n", REPEATS);
            results.forEach((label, runs) -> System.out.printf(Locale.ROOT, "  %-36s median %6.0f   runs %s%n", label,
                    median(runs), runs.stream().map(value -> String.format(Locale.ROOT, "%.0f", value)).toList()));
            System.out.println(callCost(new MlflowTracker(server.uri(), MlflowCredentials.NONE, work, settings, quiet)));
        }
    }

    /** Trains once and returns the training loop's steps per second, from its first loss to its last. */
    private static double stepsPerSecond(Supplier<Tracker> trackers) {
        Timing timing = new Timing();
        try (Tracker tracker = trackers.get()) {
            GenLabFixture.create().run(timing.around(tracker), TestPlugin.SPEC.formatted("benchmark"), RUN);
        }
        return timing.stepsPerSecond();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** Nanoseconds per call of the calls a training loop makes, journaled with a live server behind. */
    private static String callCost(MlflowTracker tracker) {
        int calls = 100_000;
        try (tracker; TrackedRun run = tracker.start(new RunRequest("benchmark", "calls", Map.of()))) {
            for (int i = 0; i < 10_000; i++) {
                run.metric("warm-up", i, i);
            }
            long start = System.nanoTime();
            long worst = 0;
            for (int i = 0; i < calls; i++) {
                long before = System.nanoTime();
                run.metric("loss", 1.0 / (i + 1), i);
                worst = Math.max(worst, System.nanoTime() - before);
            }
            long metricNanos = (System.nanoTime() - start) / calls;
            BufferedImage image = new BufferedImage(280, 280, BufferedImage.TYPE_BYTE_GRAY);
            long imageStart = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                run.image("grid", image, i);
            }
            long imageMicros = (System.nanoTime() - imageStart) / 20 / 1000;
            run.end(RunStatus.FINISHED, null);
            Delivery delivery = run.awaitDelivery(Duration.ofSeconds(120), message -> { });
            return String.format(Locale.ROOT, "metric(): %,d ns a call on average, %,d us at worst, over %,d calls;"
                    + " image() of 280x280: %,d us a call (PNG and WebP encoding); %,d left unsent after the end",
                    metricNanos, worst / 1000, calls, imageMicros, delivery.unsent());
        }
    }

    private static int unusedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Times the training loop from the run's first loss to its last, whatever the tracker underneath. */
    private static final class Timing {
        private long first;
        private long last;
        private long steps;

        Tracker around(Tracker tracker) {
            return ObservedTracker.around(tracker, (key, value, step) -> {
                if (key.equals("train/loss")) {
                    loss();
                }
            });
        }

        double seconds() {
            return (last - first) / 1e9;
        }

        double stepsPerSecond() {
            return (steps - 1) / seconds();
        }

        private void loss() {
            long now = System.nanoTime();
            first = steps == 0 ? now : first;
            last = now;
            steps++;
        }

    }
}
