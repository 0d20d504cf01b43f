package dev.genlab.sweep;

import dev.genlab.api.GenLabException;
import dev.genlab.core.environment.DataRoot;
import dev.genlab.core.plugin.PluginRegistry;
import dev.genlab.core.run.Checkpoints;
import dev.genlab.core.run.Console;
import dev.genlab.core.run.ExperimentRunner;
import dev.genlab.core.run.RunResult;
import dev.genlab.core.run.RunnerModule;
import dev.genlab.core.run.Trackers;
import dev.genlab.core.spec.ExperimentConfig;
import dev.genlab.core.spec.SpecBinder;
import dev.genlab.core.spec.SpecDocument;
import dev.genlab.core.spec.SpecReader;
import dev.genlab.tracking.Tracker;
import dev.genlab.tracking.TrackingUri;
import dev.genlab.tracking.mlflow.LocalMlflow;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one trial in this JVM, as {@code genlab run} runs a spec, in the trial's child run. A trial that has a run
 * already goes on in it: from its last checkpoint when there is one, else from the start; a trial whose run has
 * finished is not run again. The result is also written to the sweep's directory.
 */
public final class TrialRunner {
    private TrialRunner() {
    }

    /**
     * @param threads ND4J's threads for the trial, unless its spec sets {@code training.threads}: its share of the
     *     cores, or the Spark task's cores
     * @param log where the trial's progress goes
     */
    public static TrialResult run(TrialTask task, int threads, PrintStream log) {
        Path workDir = Path.of(task.workDir());
        SweepFiles files = new SweepFiles(Path.of(task.sweepDirectory()));
        Optional<TrialResult> recorded = SweepFiles.read(files.result(task.index()), TrialResult.class)
                .filter(TrialResult::finished);
        if (recorded.isPresent()) {
            return recorded.get();
        }
        Optional<TrialJournals.Found> found = TrialJournals.find(workDir, task.parentRunId(), task.index());
        if (found.flatMap(TrialJournals.Found::endedAs).filter(TrialResult.FINISHED::equals).isPresent()) {
            // finished, but its program ended before it could record that here
            return record(files, new TrialResult(task.index(), found.get().runId().orElse(found.get().localId()),
                    TrialResult.FINISHED, found.get().testMetrics(), ""));
        }
        Console console = new Console(log, false, false);
        PluginRegistry registry = PluginRegistry.discover();
        ExperimentConfig config = bind(task, registry, threads);
        try (Tracker tracker = new ChildRunTracker(open(task, config, workDir, console), task.runName(), task.tags(),
                found.map(TrialJournals.Found::localId))) {
            ExperimentRunner runner = new RunnerModule(config, tracker, console, DataRoot.resolve(System.getenv()))
                    .runner();
            Optional<Checkpoints.Checkpoint> checkpoint = found.flatMap(run -> new Checkpoints(run.directory())
                    .latest());
            if (checkpoint.isPresent()) {
                console.info("Trial " + task.index() + " goes on in its run " + found.get().localId() + " from its"
                        + " checkpoint at step " + checkpoint.get().step());
            }
            RunResult result = checkpoint.isPresent() ? runner.resume(found.get().localId(), checkpoint.get())
                    : runner.run();
            Map<String, Double> metrics = new LinkedHashMap<>();
            result.testMetrics().forEach((key, value) -> metrics.put(TrialResult.metricKey(key), value));
            return record(files, new TrialResult(task.index(), result.runId(), TrialResult.FINISHED, metrics, ""));
        } catch (RuntimeException e) {
            String message = e instanceof GenLabException known ? known.describe() : e.toString();
            Optional<TrialJournals.Found> run = TrialJournals.find(workDir, task.parentRunId(), task.index());
            String status = run.flatMap(TrialJournals.Found::endedAs).filter(TrialResult.KILLED::equals)
                    .orElse(TrialResult.FAILED);
            return record(files, new TrialResult(task.index(), run.map(r -> r.runId().orElse(r.localId()))
                    .orElse(""), status, Map.of(), message));
        }
    }

    /** The trial's spec: the spec without its sweep section, with the sweep's and the trial's overrides. */
    static ExperimentConfig bind(TrialTask task, PluginRegistry registry, int threads) {
        SpecDocument spec = SpecReader.parse(task.specName(), task.specText()).without(SweepSection.KEY);
        SpecBinder binder = new SpecBinder(registry);
        ExperimentConfig config = binder.bind(spec, task.overrides());
        return config.training().threads().isPresent() ? config : config.withThreads(threads);
    }

    private static Tracker open(TrialTask task, ExperimentConfig config, Path workDir, Console console) {
        if (task.trackingUri().isEmpty()) {
            return Trackers.open(config.tracking(), workDir, console);
        }
        return LocalMlflow.open(Optional.of(TrackingUri.parse(task.trackingUri())), workDir, console::info);
    }

    private static TrialResult record(SweepFiles files, TrialResult result) {
        SweepFiles.write(files.result(result.index()), result);
        return result;
    }
}
