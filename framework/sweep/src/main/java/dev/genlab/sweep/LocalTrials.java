package dev.genlab.sweep;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs trials as processes on this machine, {@code parallel} at a time, each with its share of the cores (unless
 * its spec sets {@code training.threads}) and its output in the sweep's directory. {@link #stop()} sends each
 * running trial SIGTERM, which ends it at a checkpoint, KILLED, and waits for them.
 */
final class LocalTrials implements TrialExecutor {
    /** What a stopping trial may take to checkpoint and end its run (genlab run allows itself 60 s + 15 s). */
    private static final long STOP_PATIENCE_SECONDS = 90;

    private final int parallel;
    private final int threads;
    private final SweepFiles files;
    private final List<String> javaOptions;
    private final Map<String, String> environment;
    private final Map<Integer, Process> running = new LinkedHashMap<>();
    private volatile boolean stopping;

    /** @param environment added to each trial's environment (credentials that must not be in its files) */
    LocalTrials(int parallel, int cores, SweepFiles files, Map<String, String> environment) {
        this(parallel, cores, files, environment, inheritedJavaOptions());
    }

    LocalTrials(int parallel, int cores, SweepFiles files, Map<String, String> environment, List<String> javaOptions) {
        this.parallel = parallel;
        this.threads = Math.max(1, cores / parallel);
        this.files = requireNonNull(files, "files is null");
        this.javaOptions = List.copyOf(javaOptions);
        this.environment = Map.copyOf(environment);
    }

    @Override
    public List<TrialResult> run(List<TrialTask> tasks, Consumer<TrialResult> ended) {
        Deque<TrialTask> waiting = new ArrayDeque<>(tasks);
        Map<Integer, TrialTask> byIndex = new LinkedHashMap<>();
        Map<Integer, TrialResult> results = new LinkedHashMap<>();
        tasks.forEach(task -> byIndex.put(task.index(), task));
        try {
            while (!waiting.isEmpty() || !isIdle()) {
                synchronized (this) {
                    while (!stopping && running.size() < parallel && !waiting.isEmpty()) {
                        TrialTask task = waiting.poll();
                        running.put(task.index(), start(task));
                    }
                }
                for (Map.Entry<Integer, Process> entry : snapshot().entrySet()) {
                    if (!entry.getValue().isAlive()) {
                        TrialResult result = result(byIndex.get(entry.getKey()), entry.getValue().exitValue());
                        synchronized (this) {
                            running.remove(entry.getKey());
                        }
                        results.put(entry.getKey(), result);
                        ended.accept(result);
                    }
                }
                if (stopping) {
                    waiting.clear();
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
        }
        List<TrialResult> ordered = new ArrayList<>();
        for (TrialTask task : tasks) {
            ordered.add(results.getOrDefault(task.index(), new TrialResult(task.index(), "", TrialResult.KILLED,
                    Map.of(), "the sweep stopped before this trial started")));
        }
        return ordered;
    }

    @Override
    public void stop() {
        List<Process> processes;
        synchronized (this) {
            stopping = true;
            processes = List.copyOf(running.values());
        }
        processes.forEach(Process::destroy); // SIGTERM: the trial checkpoints and ends its run KILLED
        for (Process process : processes) {
            try {
                if (!process.waitFor(STOP_PATIENCE_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    @Override
    public String describe() {
        return parallel + (parallel == 1 ? " process" : " processes") + " on this machine, " + threads
                + (threads == 1 ? " core" : " cores") + " each (unless the spec sets training.threads)";
    }

    private synchronized boolean isIdle() {
        return running.isEmpty();
    }

    private synchronized Map<Integer, Process> snapshot() {
        return new LinkedHashMap<>(running);
    }

    private Process start(TrialTask task) {
        SweepFiles.write(files.task(task.index()), task);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), TrialProcess.class.getName(),
                files.task(task.index()).toString(), Integer.toString(threads)));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(Path.of(task.workDir()).toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(files.log(task.index()).toFile()));
            builder.environment().putAll(environment);
            return builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start trial " + task.index() + ": " + e.getMessage(), e);
        }
    }

    private TrialResult result(TrialTask task, int exitCode) {
        Optional<TrialResult> written = SweepFiles.read(files.result(task.index()), TrialResult.class)
                .filter(result -> exitCode != TrialProcess.FINISHED || result.finished());
        return written.orElseGet(() -> new TrialResult(task.index(), "", stopping ? TrialResult.KILLED
                : TrialResult.FAILED, Map.of(), "the trial's process ended with exit code " + exitCode + "; its output"
                + " is in " + files.log(task.index())));
    }

    /** The heap and native-memory settings of this JVM, which each trial gets too. */
    private static List<String> inheritedJavaOptions() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(option -> option.startsWith("-Xmx") || option.startsWith("-Xms")
                        || option.startsWith("-Dorg.bytedeco.") || option.startsWith("-XX:MaxDirectMemorySize"))
                .toList();
    }
}
