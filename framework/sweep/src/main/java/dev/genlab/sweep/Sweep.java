package dev.genlab.sweep;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.GenLabException;
import dev.genlab.core.plugin.PluginRegistry;
import dev.genlab.core.run.Console;
import dev.genlab.core.run.Trackers;
import dev.genlab.core.spec.ExperimentConfig;
import dev.genlab.core.spec.SpecBinder;
import dev.genlab.core.spec.SpecDocument;
import dev.genlab.core.spec.SpecReader;
import dev.genlab.core.spec.TrackingSpec;
import dev.genlab.tracking.RunRequest;
import dev.genlab.tracking.RunStatus;
import dev.genlab.tracking.TrackedRun;
import dev.genlab.tracking.Tracker;
import dev.genlab.tracking.TrackingUri;
import dev.genlab.tracking.mlflow.LocalMlflow;
import dev.genlab.tracking.mlflow.MlflowTracker;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a sweep: validates every trial, opens the parent run, runs the trials (on this machine or on Spark) as
 * its children, and gives the parent the trials' table and, per configuration, the mean and standard deviation
 * of each metric over seeds. Ctrl-C stops the trials at checkpoints and ends the parent KILLED, for
 * {@code genlab sweep --resume}.
 */
final class Sweep {
    static final String PARENT_TAG = "mlflow.parentRunId";
    private static final Duration PARENT_CREATION = Duration.ofSeconds(60);
    private static final Duration DELIVERY = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(150);

    private final Path workDir;
    private final PrintStream err;
    private final Console console;

    Sweep(Path workDir, PrintStream err, boolean verbose) {
        this.workDir = requireNonNull(workDir, "workDir is null").toAbsolutePath().normalize();
        this.err = requireNonNull(err, "err is null");
        this.console = new Console(err, false, verbose);
    }

    /** A new sweep of a spec, as the command line defines it. */
    int start(SweepArguments arguments) {
        Path specPath = Path.of(arguments.spec().orElseThrow());
        SpecDocument full = SpecReader.read(specPath);
        String specText = readText(specPath);
        List<String> problems = new ArrayList<>();
        Optional<SweepSection.Result> section = SweepSection.read(full, arguments, problems);
        SpecDocument spec = full.without(SweepSection.KEY);
        List<Trial> trials = section.map(result -> SweepPlan.expand(result.definition(), result.seedsSource()))
                .orElse(List.of(new Trial(0, 0, List.of(), Optional.empty(), List.of())));
        List<ExperimentConfig> configs = TrialValidation.bindAll(new SpecBinder(PluginRegistry.discover()), spec,
                arguments.overrides(), trials, problems);
        ExperimentConfig base = configs.get(0);
        Optional<String> sparkUri = arguments.spark().map(master -> remoteTrackingUri(base.tracking()));
        requireTracking(base.tracking(), spec.name());
        List<SweepRecord.Entry> entries = trials.stream().map(trial -> new SweepRecord.Entry(trial.index(),
                trial.configuration(), trial.allOverrides(), trial.label())).toList();
        int parallel = section.orElseThrow().definition().parallel();
        console.info(String.format("Sweep of %s: %d trials (%d configurations x %d seeds), all valid", spec.name(),
                trials.size(), entries.stream().mapToInt(SweepRecord.Entry::configuration).max().orElse(0) + 1,
                Math.max(1, section.get().definition().seeds().size())));

        try (Tracker tracker = Trackers.open(base.tracking(), workDir, console)) {
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("genlab.sweep.role", "parent");
            tags.put("genlab.spec", base.source());
            tags.put("genlab.model", base.model().type());
            tags.put("genlab.dataset", base.dataset().type());
            tags.put("mlflow.note.content", "Sweep of " + spec.name() + ": " + trials.size() + " trials");
            TrackedRun parent = tracker.start(new RunRequest(base.experiment(), base.runName() + " sweep", tags));
            String localId = parent.directory().map(path -> path.getFileName().toString()).orElseThrow();
            String parentRunId = awaitCreated(parent, localId, tracker);
            // stored and handed to trials without credentials, as genlab run stores runs; trials get them from the
            // environment (trialEnvironment)
            SweepRecord sweep = new SweepRecord(parentRunId, localId, base.experiment(), base.runName(),
                    spec.name(), withoutUserInfo(specText), arguments.overrides().stream()
                            .map(Sweep::withoutUserInfo).toList(), parallel, entries);
            SweepFiles files = SweepFiles.of(workDir, localId);
            SweepFiles.write(files.sweep(), sweep);
            parent.params(parameters(sweep, section.get().definition(), arguments));
            parent.text("spec.yaml", sweep.specText());
            parent.text("sweep.json", readText(files.sweep()));
            return execute(parent, sweep, files, arguments.spark(), sparkUri, parallel, Map.of(),
                    trialEnvironment(base.tracking()));
        }
    }

    /** Goes on with the sweep whose parent run is {@code parentId}: only its unfinished trials run. */
    int resume(SweepArguments arguments) {
        String parentId = arguments.resume().orElseThrow();
        Path parentDirectory = MlflowTracker.findRun(workDir, parentId).orElseThrow(() -> new GenLabException(
                GenLabException.Category.CONFIG, "--resume " + parentId + ": no sweep's parent run " + parentId
                + " is journaled in " + workDir.resolve(".genlab/runs") + "; resume a sweep from the directory it"
                + " was started in, by its parent's MLflow run id or local id"));
        String localId = parentDirectory.getFileName().toString();
        SweepFiles files = SweepFiles.of(workDir, localId);
        SweepRecord sweep = SweepFiles.read(files.sweep(), SweepRecord.class).orElseThrow(() -> new GenLabException(
                GenLabException.Category.CONFIG, "--resume " + parentId + ": run " + parentId + " is not a sweep's"
                + " parent (no " + files.sweep() + ")"));
        SpecDocument spec = SpecReader.parse(sweep.specName(), sweep.specText()).without(SweepSection.KEY);
        ExperimentConfig base = new SpecBinder(PluginRegistry.discover()).bind(spec, sweep.overrides());
        Optional<String> sparkUri = arguments.spark().map(master -> remoteTrackingUri(base.tracking()));
        Map<Integer, TrialResult> finished = new TreeMap<>();
        for (SweepRecord.Entry trial : sweep.trials()) {
            SweepFiles.read(files.result(trial.index()), TrialResult.class).filter(TrialResult::finished)
                    .ifPresent(result -> finished.put(trial.index(), result));
        }
        console.info(String.format("Sweep %s: %d of %d trials finished; running the other %d", sweep.parentRunId(),
                finished.size(), sweep.trials().size(), sweep.trials().size() - finished.size()));
        int parallel = arguments.parallel().map(Sweep::parallel).orElse(sweep.parallel());
        try (Tracker tracker = Trackers.open(base.tracking(), workDir, console);
                TrackedRun parent = tracker.resume(localId)) {
            return execute(parent, sweep, files, arguments.spark(), sparkUri, parallel, finished,
                    trialEnvironment(base.tracking()));
        }
    }

    private int execute(TrackedRun parent, SweepRecord sweep, SweepFiles files, Optional<String> spark,
            Optional<String> sparkUri, int parallel, Map<Integer, TrialResult> finished,
            Map<String, String> environment) {
        List<TrialTask> tasks = new ArrayList<>();
        for (SweepRecord.Entry trial : sweep.trials()) {
            if (!finished.containsKey(trial.index())) {
                SweepFiles.delete(files.result(trial.index())); // an unfinished attempt's; this one writes its own
                tasks.add(task(sweep, trial, files, sparkUri.orElse("")));
            }
        }
        Map<Integer, TrialResult> results = new TreeMap<>(finished);
        CountDownLatch ended = new CountDownLatch(1);
        try (TrialExecutor executor = spark.isPresent()
                ? SparkExecutors.find().connect(spark.get(), "genlab sweep " + sweep.runName())
                : new LocalTrials(parallel, Runtime.getRuntime().availableProcessors(), files, environment)) {
            console.info("Parent run " + sweep.parentRunId() + ": " + parent.url());
            console.info("Running " + tasks.size() + " trials on " + executor.describe() + "; trial output in "
                    + files.directory());
            Thread hook = new Thread(() -> {
                console.info("Stopping the sweep: every running trial stops at a checkpoint ...");
                executor.stop();
                try {
                    ended.await(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "genlab-sweep-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            boolean stopped = false;
            try {
                SweepProgress progress = new SweepProgress(err, sweep.trials().size(), finished.size());
                for (TrialResult result : executor.run(tasks, progress::ended)) {
                    results.put(result.index(), result);
                }
                stopped = results.values().stream().anyMatch(result -> result.status().equals(TrialResult.KILLED));
                return finish(parent, sweep, results, stopped);
            } finally {
                try {
                    if (!stopped) {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    }
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it waits for the parent's end below
                }
                ended.countDown();
            }
        }
    }

    private int finish(TrackedRun parent, SweepRecord sweep, Map<Integer, TrialResult> results, boolean stopped) {
        List<Aggregates.Statistic> statistics = Aggregates.of(sweep, results);
        parent.text("trials.csv", TrialTable.of(sweep, results));
        parent.text("configurations.csv", Aggregates.table(sweep, statistics));
        long done = results.values().stream().filter(TrialResult::finished).count();
        // at the step of the trials finished so far: a resumed sweep's new figures are new points, never dropped as
        // points the parent already has
        Aggregates.metrics(statistics, sweep.configurations()).forEach((key, value) -> parent.metric(key, value,
                done));
        parent.metric("trials/finished", done, done);
        parent.metric("trials/failed", results.values().stream().filter(result -> result.status()
                .equals(TrialResult.FAILED)).count(), done);
        statistics.forEach(statistic -> console.info(String.format(java.util.Locale.ROOT,
                "  %s %s: mean %.5f, std %.5f over %d trials", sweep.configurations() > 1 ? "config"
                        + statistic.configuration() + " (" + sweep.configurationLabel(statistic.configuration()) + ")"
                        : "", statistic.metric(), statistic.mean(), statistic.std(), statistic.count()).replace("   ",
                "  ")));
        int status;
        if (done == sweep.trials().size()) {
            parent.end(RunStatus.FINISHED, null);
            console.info("Sweep finished: " + done + " trials; " + parent.url());
            status = 0;
        } else if (stopped) {
            String reason = (sweep.trials().size() - done) + " of " + sweep.trials().size() + " trials unfinished;"
                    + " go on with `genlab sweep --resume " + sweep.parentRunId() + "` from this directory";
            parent.end(RunStatus.KILLED, reason);
            console.info("Sweep stopped: " + reason);
            status = 1;
        } else {
            String reason = (sweep.trials().size() - done) + " of " + sweep.trials().size() + " trials failed (see"
                    + " trials.csv); run them again with `genlab sweep --resume " + sweep.parentRunId() + "`";
            parent.end(RunStatus.FAILED, reason);
            console.info("Sweep failed: " + reason);
            status = 1;
        }
        parent.awaitDelivery(DELIVERY, console::info).describe().forEach(console::info);
        return status;
    }

    private TrialTask task(SweepRecord sweep, SweepRecord.Entry trial, SweepFiles files, String trackingUri) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(PARENT_TAG, sweep.parentRunId());
        tags.put(TrialJournals.PARENT_TAG, sweep.parentRunId());
        tags.put(TrialJournals.TRIAL_TAG, Integer.toString(trial.index()));
        tags.put("genlab.sweep.configuration", Integer.toString(trial.configuration()));
        tags.put("genlab.sweep.overrides", trial.label());
        List<String> overrides = new ArrayList<>(sweep.overrides());
        overrides.addAll(trial.overrides());
        String name = sweep.runName() + " #" + trial.index() + (trial.label().isEmpty() ? "" : " " + trial.label());
        return new TrialTask(sweep.parentRunId(), files.directory().toString(), trial.index(), sweep.trials().size(),
                trial.label(), name, sweep.specName(), sweep.specText(), overrides, workDir.toString(), trackingUri,
                tags);
    }

    private static Map<String, String> parameters(SweepRecord sweep, SweepDefinition definition,
            SweepArguments arguments) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("sweep.trials", Integer.toString(sweep.trials().size()));
        params.put("sweep.configurations", Integer.toString(sweep.configurations()));
        definition.grid().forEach(axis -> params.put("sweep.grid." + axis.key(), String.join(",", axis.values())));
        if (!definition.seeds().isEmpty()) {
            params.put("sweep.seeds", String.join(",", definition.seeds().stream().map(String::valueOf).toList()));
        }
        definition.random().ifPresent(random -> {
            params.put("sweep.random.trials", Integer.toString(random.trials()));
            params.put("sweep.random.seed", Long.toString(random.seed()));
            random.ranges().forEach(range -> params.put("sweep.random.range." + range.key(), range.min() + ".."
                    + range.max() + (range.log() ? ":log" : "")));
            random.choices().forEach(choice -> params.put("sweep.random.choice." + choice.key(),
                    String.join(",", choice.values())));
        });
        if (!sweep.overrides().isEmpty()) {
            params.put("sweep.set", TrackingUri.redact(String.join(" ", sweep.overrides())));
        }
        params.put("sweep.executor", arguments.spark().map(master -> "spark " + TrackingUri.redact(master))
                .orElse("local, " + definition.parallel() + " at a time"));
        if (sweep.configurations() > 1) {
            for (int c = 0; c < sweep.configurations(); c++) {
                params.put("config" + c, sweep.configurationLabel(c));
            }
        }
        return params;
    }

    /** Waits until the tracking server has created the parent, whose MLflow id the children carry. */
    private static String awaitCreated(TrackedRun parent, String localId, Tracker tracker) {
        long deadline = System.nanoTime() + PARENT_CREATION.toNanos();
        while (parent.runId().equals(localId)) {
            if (System.nanoTime() > deadline) {
                parent.end(RunStatus.FAILED, "the tracking server did not create the sweep's parent run");
                throw new GenLabException(GenLabException.Category.TRACKING, "A sweep needs its parent run in MLflow"
                        + " before its trials start, and " + tracker.describe() + " did not create it within "
                        + PARENT_CREATION.toSeconds() + " s: check that the server is up");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GenLabException(GenLabException.Category.TRACKING, "Interrupted while the sweep's parent"
                        + " run was being created");
            }
        }
        return parent.runId();
    }

    private static void requireTracking(TrackingSpec tracking, String spec) {
        if (tracking.disabled()) {
            throw new GenLabException(GenLabException.Category.CONFIG, "Invalid sweep of " + spec + ": tracking.uri"
                    + " is 'none', but a sweep records its trials as runs in MLflow: set a server or leave it unset");
        }
    }

    /** The MLflow server Spark's executors log to: the spec's, or MLFLOW_TRACKING_URI; never a local store. */
    private static String remoteTrackingUri(TrackingSpec tracking) {
        Optional<String> uri = tracking.server().map(Object::toString)
                .or(() -> Optional.ofNullable(System.getenv(LocalMlflow.TRACKING_URI_ENV)).filter(v -> !v.isBlank()));
        return uri.orElseThrow(() -> new GenLabException(GenLabException.Category.CONFIG, "--spark: trials log to"
                + " MLflow straight from Spark's executors, so they need a tracking server they can reach: set"
                + " tracking.uri in the spec (or --set tracking.uri=http://host:5000) or " + LocalMlflow.TRACKING_URI_ENV
                + "; the local store GenLab starts for one machine is not reachable from a cluster"));
    }

    /** {@code text} with no {@code user:password@} in any address. */
    static String withoutUserInfo(String text) {
        return text.replaceAll("(://)[^/@\\s]+@", "$1");
    }

    /**
     * The credentials of a {@code user:password@} in the tracking URI, as the MLflow variables a trial process reads,
     * unless the environment sets credentials already.
     */
    private static Map<String, String> trialEnvironment(TrackingSpec tracking) {
        if (System.getenv("MLFLOW_TRACKING_USERNAME") != null || System.getenv("MLFLOW_TRACKING_TOKEN") != null) {
            return Map.of();
        }
        return tracking.server().flatMap(TrackingUri::userAndPassword).map(user -> Map.of(
                "MLFLOW_TRACKING_USERNAME", user[0], "MLFLOW_TRACKING_PASSWORD", user[1])).orElse(Map.of());
    }

    static int parallel(String text) {
        try {
            int parallel = Integer.parseInt(text.strip());
            if (parallel >= 1 && parallel <= 256) {
                return parallel;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw SweepArguments.usage("--parallel takes a whole number from 1 to 256, got '" + text + "'");
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
