package dev.genlab.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.genlab.cli.Main;
import dev.genlab.testing.MlflowRest;
import dev.genlab.testing.SharedDatasets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** For sweep tests: the quick spec at its smallest, `genlab sweep` in this JVM, and what a sweep left in MLflow. */
public final class SweepRuns {
    private SweepRuns() {
    }

    /** What `genlab ...` printed and returned. */
    public record Outcome(int status, String out, String err) {
    }

    /** The GenLab checkout these tests run in. */
    public static Path repository() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("experiments/ae-mnist-quick.yaml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no GenLab checkout above " + Path.of("").toAbsolutePath());
    }

    public static String quickSpec() {
        return repository().resolve("experiments/ae-mnist-quick.yaml").toString();
    }

    /** Overrides that make each trial of the quick spec a few seconds: 500 images, 1 epoch, one thread. */
    public static List<String> tiny(URI tracking, String experiment) {
        return List.of("--set", "experiment=" + experiment, "--set", "tracking.uri=" + tracking,
                "--set", "dataset.trainSubset=500", "--set", "dataset.testSubset=1000", "--set", "training.epochs=1",
                "--set", "training.threads=1", "--set", "dataset.dataDir=" + SharedDatasets.mnist());
    }

    public static Outcome genlab(Path workDir, List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = new Main(o, e, workDir).execute(args.toArray(String[]::new));
        }
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    public static List<String> args(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(Arrays.asList(more));
        return all;
    }

    /** The sweep's parent, the one run of the experiment without a parent. */
    public static MlflowRest.Run parent(MlflowRest mlflow, String experiment) {
        List<MlflowRest.Run> parents = runs(mlflow, experiment).stream()
                .filter(run -> !run.tags().containsKey("mlflow.parentRunId")).toList();
        assertThat(parents).as("parent runs").hasSize(1);
        return parents.get(0);
    }

    /** The children of {@code parent}, by trial number. */
    public static Map<Integer, MlflowRest.Run> children(MlflowRest mlflow, String experiment, String parent) {
        List<MlflowRest.Run> children = runs(mlflow, experiment).stream()
                .filter(run -> parent.equals(run.tags().get("mlflow.parentRunId"))).toList();
        Map<Integer, MlflowRest.Run> byTrial = children.stream().collect(Collectors.toMap(
                run -> Integer.parseInt(run.tags().get("genlab.sweep.trial")), run -> run));
        assertThat(byTrial).as("one child run per trial, no duplicates").hasSameSizeAs(children);
        return byTrial;
    }

    public static List<MlflowRest.Run> runs(MlflowRest mlflow, String experiment) {
        return mlflow.searchRuns(mlflow.experimentByName(experiment).orElseThrow().experimentId());
    }

    /** The parent's {@code prefix/test/mse/mean} and {@code std} are those of {@code trials}' final test MSE. */
    public static void assertAggregate(MlflowRest.Run parent, String prefix, List<MlflowRest.Run> trials) {
        double[] mse = trials.stream().mapToDouble(run -> run.metrics().get("test/mse")).toArray();
        double mean = Arrays.stream(mse).average().orElseThrow();
        double std = Math.sqrt(Arrays.stream(mse).map(v -> (v - mean) * (v - mean)).sum() / (mse.length - 1));
        assertThat(parent.metrics().get(prefix + "test/mse/mean")).isCloseTo(mean, within(1e-9));
        assertThat(parent.metrics().get(prefix + "test/mse/std")).isCloseTo(std, within(1e-9));
        assertThat(std).as("the seeds gave different results").isPositive();
    }
}
