package dev.genlab.dist;

import dev.genlab.cli.Main;
import dev.genlab.mlflow.server.MlflowServer;
import dev.genlab.testing.SharedDatasets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Training throughput of a real model with tracking off and on, in one program: the dense autoencoder of
 * {@code experiments/ae-mnist.yaml} (batch 256, losses every 10 steps) on the 60,000 MNIST training images, run through
 * the {@code genlab} command with {@code tracking.uri: none}, with a live MLflow server on this machine, and
 * with the server down (everything journaled, the sender retrying). Throughput is what the progress bar
 * reports at each epoch's end (training only, not start-up or the final wait for the server), median of the
 * epochs after the first; variants are interleaved so that a machine busy elsewhere slows them alike.
 * A benchmark, not a test: it asserts nothing and is not run by {@code mvn test}.
 *
 * <pre>mvn -B -q install -DskipTests
 * GENLAB_DATA_DIR=../shared/datasets mvn -B -q -pl framework/dist test-compile exec:exec@tracking-overhead</pre>
 */
public final class TrackingOverheadBenchmark {
    private static final int REPEATS = 3;
    private static final Pattern EPOCH_END = Pattern.compile("^epoch (\\d+)/\\d+ loss .*, ([\\d,]+) img/s, test [\\d.]+ s\\)$",
            Pattern.MULTILINE);

    private TrackingOverheadBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path work = Files.createTempDirectory("genlab-overhead-");
        try (MlflowServer server = MlflowServer.start(work.resolve("store"))) {
            Map<String, String> variants = new LinkedHashMap<>();
            variants.put("tracking off (tracking.uri: none)", "none");
            variants.put("journal + live local MLflow server", server.uri().toString());
            variants.put("journal + server down", "http://127.0.0.1:" + unusedPort());
            Map<String, List<Double>> results = new LinkedHashMap<>();
            throughput(work, "none");
            for (int repeat = 0; repeat < REPEATS; repeat++) {
                variants.forEach((label, uri) -> results.computeIfAbsent(label, k -> new ArrayList<>())
                        .addAll(throughput(work, uri)));
            }
            System.out.printf(Locale.ROOT, "Training throughput, ae on 60,000 MNIST images (batch 256, 5 epochs, losses"
                    + " every 10 steps), %d runs each, epochs 2-5, images/s:%n", REPEATS);
            double off = median(results.values().iterator().next());
            results.forEach((label, epochs) -> System.out.printf(Locale.ROOT, "  %-38s median %,8.0f  (%+.1f%%)"
                    + "   epochs %s%n", label, median(epochs), 100 * (median(epochs) / off - 1),
                    epochs.stream().map(value -> String.format(Locale.ROOT, "%.0f", value)).toList()));
        }
    }

    /** One run; the images per second of its epochs after the first, as its progress bar printed them. */
    private static List<Double> throughput(Path work, String trackingUri) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new Main(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), work).execute("run",
                Cli.repository().resolve("experiments/ae-mnist.yaml").toString(),
                "--set", "experiment=tracking-overhead",
                "--set", "dataset.testSubset=1000",
                "--set", "dataset.dataDir=" + SharedDatasets.mnist(),
                "--set", "training.epochs=5",
                "--set", "tracking.uri=" + trackingUri);
        String output = err.toString(StandardCharsets.UTF_8);
        if (status != 0) {
            throw new IllegalStateException("the run failed:\n" + output);
        }
        List<Double> epochs = new ArrayList<>();
        Matcher matcher = EPOCH_END.matcher(output.replace("\r", "\n"));
        while (matcher.find()) {
            if (!matcher.group(1).equals("1")) {
                epochs.add(Double.parseDouble(matcher.group(2).replace(",", "")));
            }
        }
        return epochs;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static int unusedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
