package dev.genlab.sweep.spark;

import static dev.genlab.sweep.SweepRuns.args;
import static dev.genlab.sweep.SweepRuns.genlab;
import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.sweep.SweepRuns;
import dev.genlab.testing.MlflowRest;
import dev.genlab.testing.SharedDatasets;
import dev.genlab.testing.WithMlflowServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster on 127.0.0.1, a master and a worker in JVMs of their own started from Spark's
 * classes. The worker and its executor are killed (SIGKILL, as a lost machine) once a trial has a checkpoint, and
 * a new worker joins: Spark retries the lost trials, which go on in their child runs from their checkpoints.
 */
@WithMlflowServer
@Timeout(value = 8, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SparkStandaloneSweepTest {
    private static final Duration PATIENCE = Duration.ofMinutes(4);
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopCluster() throws InterruptedException {
        for (Process process : started) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void sweepSurvivesALostWorkerWithExactlyOneFinishedChildPerTrial(URI tracking, MlflowRest mlflow,
            @TempDir Path work) throws Exception {
        Path sparkHome = Files.createDirectories(work.resolve("spark/jars"));
        int port = freePort();
        start(work, "master.log", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", Integer.toString(port), "--webui-port", Integer.toString(freePort())), sparkHome);
        Process worker = startWorker(work, "worker-1", port, sparkHome);

        CompletableFuture<SweepRuns.Outcome> sweep = CompletableFuture.supplyAsync(() -> genlab(work,
                args(List.of("sweep", SweepRuns.quickSpec(), "--spark", "spark://127.0.0.1:" + port,
                        "--grid", "model.hiddenSizes=[16],[32]", "--seeds", "1,2",
                        "--set", "experiment=spark-standalone", "--set", "tracking.uri=" + tracking,
                        "--set", "dataset.trainSubset=5000", "--set", "dataset.testSubset=1000",
                        "--set", "training.epochs=3", "--set", "training.threads=1",
                        "--set", "dataset.dataDir=" + SharedDatasets.mnist()))));
        awaitCheckpoint(work, sweep);
        worker.descendants().forEach(ProcessHandle::destroyForcibly); // the executor, mid-trial
        worker.destroyForcibly();
        assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
        startWorker(work, "worker-2", port, sparkHome);

        SweepRuns.Outcome outcome = sweep.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(outcome.status()).as(outcome.err()).isZero();
        MlflowRest.Run parent = SweepRuns.parent(mlflow, "spark-standalone");
        assertThat(parent.status()).isEqualTo("FINISHED");
        Map<Integer, MlflowRest.Run> children = SweepRuns.children(mlflow, "spark-standalone", parent.runId());
        assertThat(SweepRuns.runs(mlflow, "spark-standalone")).as("a parent and 4 children, no duplicate").hasSize(5);
        assertThat(children).containsOnlyKeys(0, 1, 2, 3);
        children.values().forEach(child -> assertThat(child.status()).isEqualTo("FINISHED"));
        assertThat(children.values()).as("a lost trial went on from its checkpoint in its own run")
                .anySatisfy(child -> assertThat(child.tags()).containsKey("genlab.resumed_at_step"));
        SweepRuns.assertAggregate(parent, "config0/", List.of(children.get(0), children.get(1)));
    }

    private Process startWorker(Path work, String name, int masterPort, Path sparkJars) throws IOException {
        return start(work, name + ".log", List.of("org.apache.spark.deploy.worker.Worker",
                "spark://127.0.0.1:" + masterPort, "--host", "127.0.0.1", "--cores", "2", "--memory", "5g",
                "--webui-port", Integer.toString(freePort()),
                "--work-dir", Files.createDirectories(work.resolve(name)).toString()), sparkJars);
    }

    /** A JVM of Spark's on this test's class path; its SPARK_HOME has an empty jars/: the class path is given. */
    private Process start(Path work, String log, List<String> mainAndArgs, Path sparkJars) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m"));
        command.addAll(SparkSettings.JAVA_17_OPTIONS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        command.addAll(mainAndArgs);
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve(log).toFile());
        builder.environment().put("SPARK_HOME", sparkJars.getParent().toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private static void awaitCheckpoint(Path work, CompletableFuture<SweepRuns.Outcome> sweep) throws Exception {
        Instant deadline = Instant.now().plus(PATIENCE);
        Path runs = work.resolve(".genlab/runs");
        while (Instant.now().isBefore(deadline)) {
            if (sweep.isDone()) {
                throw new AssertionError("the sweep ended before a trial's checkpoint: " + sweep.get().err());
            }
            if (Files.isDirectory(runs)) {
                try (Stream<Path> found = Files.list(runs)) {
                    if (found.anyMatch(run -> Files.isRegularFile(run.resolve("checkpoint/position.json")))) {
                        return;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no trial made a checkpoint within " + PATIENCE);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
