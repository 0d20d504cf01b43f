package dev.genlab.dist;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genlab.api.GenLabException;
import dev.genlab.core.plugin.PluginRegistry;
import dev.genlab.core.run.Console;
import dev.genlab.core.run.RunnerModule;
import dev.genlab.core.spec.ExperimentConfig;
import dev.genlab.core.spec.SpecBinder;
import dev.genlab.core.spec.SpecReader;
import dev.genlab.tracking.memory.InMemoryRun.MetricPoint;
import dev.genlab.tracking.memory.InMemoryRun;
import dev.genlab.tracking.memory.InMemoryTracker;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;

/**
 * GenLab's side of the training-speed benchmark {@code framework/dist/benchmarks/speed}: trains one reference model
 * ({@code experiments/<model>-mnist.yaml}, bound with {@code --set}-style overrides through the real
 * {@link SpecBinder}) through the real runner (Guice {@link RunnerModule} and {@link ExperimentRunner}, as the command
 * line wires them) into an {@link InMemoryTracker}, and prints one JSON line on standard output:
 *
 * <pre>{"side":"genlab","model":"vae","threads":1,"value":301.2,"unit":"img/s","epochs":[...],"peak_rss_mb":...}</pre>
 *
 * <p>The figures are the runner's per-epoch metrics, which count the time of the training steps only (not the
 * test pass). {@code value} is the median {@code images_per_second} of the epochs after the first (for the GAN divided
 * by the batch size: iterations per second, one iteration being one discriminator and one generator step on a batch
 * of real images); for {@code sae}, the training images of all stages over the sum of their {@code time/train_seconds}.
 *
 * <p>Arguments: {@code --model ae|dae|sae|vae|gan --threads N [--train-size N] [--epochs N | --iterations N]
 * [--batch N] [--test-size N] [--params]}. {@code --params} trains briefly, keeps the model and prints the parameter
 * counts of its saved networks instead of timings. Datasets: {@code GENLAB_DATA_DIR}, else {@code ../shared/datasets}.
 * Threads: {@code training.threads}; the caller sets {@code OMP_NUM_THREADS} too.
 */
public final class SpeedBenchmark {
    /** A stage's throughput metric, one point per epoch; group 1 is the stage prefix ({@code layer1/}), if any. */
    private static final Pattern THROUGHPUT = Pattern.compile("^(.*/)?images_per_second$");
    private static final Pattern EPOCH_LOSS = Pattern.compile("^(.*/)?train/epoch_loss$");

    private SpeedBenchmark() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (GenLabException e) {
            System.err.println("SpeedBenchmark: " + e.describe());
            System.exit(1);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
        // ND4J's native threads may keep the JVM alive
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String model = required(options, "model");
        int threads = Integer.parseInt(options.getOrDefault("threads", "1"));
        boolean params = options.containsKey("params");
        int trainSize = Integer.parseInt(options.getOrDefault("train-size", "60000"));
        Path repository = repository();
        Path dataRoot = dataRoot(repository);

        List<String> overrides = new ArrayList<>(List.of(
                "experiment=speed-benchmark",
                "dataset.dataDir=" + dataRoot.resolve("mnist"),
                "dataset.trainSubset=" + trainSize,
                "dataset.testSubset=" + options.getOrDefault("test-size", "100"),
                "training.threads=" + threads,
                "tracking.uri=none",
                "tracking.imageEvery=0",
                // no quality scores (nor the classifier they need): this measures training speed only
                "tracking.scoreSamples=0",
                "tracking.systemMetricsEvery=0",
                "tracking.saveModel=" + params));
        if (options.containsKey("batch")) {
            overrides.add("training.batchSize=" + options.get("batch"));
        }
        if (model.equals("gan")) {
            overrides.add("training.iterations=" + required(options, "iterations"));
        } else {
            overrides.add("training.epochs=" + options.getOrDefault("epochs", "3"));
        }
        PluginRegistry registry = PluginRegistry.discover();
        ExperimentConfig config = new SpecBinder(registry)
                .bind(SpecReader.read(repository.resolve("experiments").resolve(model + "-mnist.yaml")), overrides);
        int batch = config.training().settings().batchSize();

        InMemoryTracker tracker = new InMemoryTracker();
        // the runner's messages and progress lines go to standard error, as on the command line (not a terminal)
        Console console = new Console(new PrintStream(System.err, true, StandardCharsets.UTF_8), false, false);
        new RunnerModule(config, tracker, console, dataRoot).runner().run();
        InMemoryRun run = tracker.lastRun();

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("side", "genlab");
        result.put("model", model);
        result.put("threads", threads);
        if (params) {
            result.put("params", parameterCounts(run));
        } else {
            result.putAll(throughput(run, model, batch));
            result.put("epoch_losses", run.metricKeys().stream().filter(key -> EPOCH_LOSS.matcher(key).matches())
                    .flatMap(key -> run.metrics(key).stream()).map(point -> round(point.value(), 5)).toList());
        }
        result.put("train_size", trainSize);
        result.put("batch", batch);
        result.put("omp_num_threads", System.getenv("OMP_NUM_THREADS"));
        result.put("peak_rss_mb", peakRssMb());
        System.out.println(new ObjectMapper().writeValueAsString(result));
        System.out.flush();
    }

    /**
     * Every epoch's throughput, stage after stage, and the summary value: the median of the epochs after the first,
     * or for {@code sae} the images of all epochs of all stages over the sum of their training seconds.
     */
    private static Map<String, Object> throughput(InMemoryRun run, String model, int batch) {
        boolean gan = model.equals("gan");
        List<Double> rates = new ArrayList<>();
        List<Double> trainSeconds = new ArrayList<>();
        double images = 0;
        for (String key : run.metricKeys()) {
            Matcher throughput = THROUGHPUT.matcher(key);
            if (!throughput.matches()) {
                continue;
            }
            String prefix = throughput.group(1) == null ? "" : throughput.group(1);
            List<MetricPoint> perSecond = run.metrics(key);
            List<MetricPoint> seconds = run.metrics(prefix + "time/train_seconds");
            if (seconds.size() != perSecond.size()) {
                throw new IllegalStateException(key + " has " + perSecond.size() + " points but " + prefix
                        + "time/train_seconds " + seconds.size() + ": a runner without time/train_seconds?");
            }
            for (int i = 0; i < perSecond.size(); i++) {
                double rate = perSecond.get(i).value();
                rates.add(round(gan ? rate / batch : rate, 3));
                trainSeconds.add(round(seconds.get(i).value(), 3));
                images += rate * seconds.get(i).value();
            }
        }
        if (rates.isEmpty()) {
            throw new IllegalStateException("the run logged no images_per_second");
        }
        double value = model.equals("sae") ? images / trainSeconds.stream().mapToDouble(Double::doubleValue).sum()
                : median(rates.size() > 1 ? rates.subList(1, rates.size()) : rates);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("value", round(value, 3));
        result.put("unit", gan ? "it/s" : "img/s");
        result.put("epochs", rates);
        result.put("train_seconds", trainSeconds);
        return result;
    }

    /** Parameters of each network the run saved under model/: DL4J networks and SameDiff graphs (variables only). */
    private static Map<String, Long> parameterCounts(InMemoryRun run) throws IOException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String path : run.artifactPaths()) {
            if (!path.startsWith("model/")) {
                continue;
            }
            byte[] content = run.artifact(path).orElseThrow();
            if (path.endsWith(".zip")) {
                counts.put(path, ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(content), false)
                        .numParams());
            } else if (path.endsWith(".sd") || path.endsWith(".sdz")) {
                Path file = Files.createTempFile("genlab-params-", path.substring(path.lastIndexOf('.')));
                try {
                    Files.write(file, content);
                    SameDiff sd = SameDiff.load(file.toFile(), false);
                    long all = 0;
                    long moving = 0;
                    for (SDVariable variable : sd.variables()) {
                        if (variable.getVariableType() == VariableType.VARIABLE) {
                            long length = variable.getArr().length();
                            all += length;
                            if (variable.name().contains("moving")) {
                                moving += length;
                            }
                        }
                    }
                    counts.put(path, all);
                    if (moving > 0) {
                        counts.put(path + " (without batch-norm moving statistics)", all - moving);
                    }
                } finally {
                    Files.deleteIfExists(file);
                }
            }
        }
        return counts;
    }

    /** VmHWM of this process, the peak resident set, in MB. */
    private static Double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return round(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0, 1);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: no figure
        }
        return null;
    }

    private static Path repository() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("experiments")) && Files.isRegularFile(dir.resolve("genlab"))) {
                return dir;
            }
        }
        throw new IllegalStateException("run this from a GenLab checkout; none above " + Path.of("").toAbsolutePath());
    }

    private static Path dataRoot(Path repository) {
        String configured = System.getenv("GENLAB_DATA_DIR");
        Path root = configured != null && !configured.isBlank() ? Path.of(configured)
                : repository.resolveSibling("shared").resolve("datasets");
        return root.toAbsolutePath().normalize();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String key = args[i].substring(2);
            boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
            options.put(key, flag ? "true" : args[++i]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String key) {
        String value = options.get(key);
        if (value == null) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return value;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
