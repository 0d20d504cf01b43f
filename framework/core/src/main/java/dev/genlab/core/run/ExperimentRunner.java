package dev.genlab.core.run;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Dataset;
import dev.genlab.api.DatasetContext;
import dev.genlab.api.DatasetShape;
import dev.genlab.api.GenLabException;
import dev.genlab.api.Model;
import dev.genlab.api.ModelContext;
import dev.genlab.api.Problem;
import dev.genlab.api.Split;
import dev.genlab.core.environment.ComputeThreads;
import dev.genlab.core.environment.GpuCheck;
import dev.genlab.core.environment.NativeMemory;
import dev.genlab.core.environment.RunEnvironment;
import dev.genlab.core.spec.ExperimentConfig;
import dev.genlab.core.spec.MemoryBudget;
import dev.genlab.core.spec.ModelCheck;
import dev.genlab.core.spec.RunParameters;
import dev.genlab.tracking.DatasetInput;
import dev.genlab.tracking.RunRequest;
import dev.genlab.tracking.RunStatus;
import dev.genlab.tracking.TrackedRun;
import dev.genlab.tracking.Tracker;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs one validated experiment: opens the tracked run, loads the dataset, builds and trains the model,
 * evaluates it, and ends the run FINISHED, or FAILED with the reason when anything goes wrong.
 */
public final class ExperimentRunner {
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(60);
    /** What a stopped run may spend sending, within the shutdown's grace. */
    private static final Duration KILLED_DELIVERY_TIMEOUT = Duration.ofSeconds(15);
    /** How long Ctrl-C or SIGTERM waits for the run to checkpoint and end KILLED. */
    private static final Duration INTERRUPT_GRACE = Duration.ofSeconds(60);

    private final ExperimentConfig config;
    private final Tracker tracker;
    private final Console console;
    private final Path dataRoot;
    private final ModelCheck modelCheck;

    @Inject
    ExperimentRunner(ExperimentConfig config, Tracker tracker, Console console, @DataRootDirectory Path dataRoot,
            MemoryBudget memory) {
        this.config = requireNonNull(config, "config is null");
        this.tracker = requireNonNull(tracker, "tracker is null");
        this.console = requireNonNull(console, "console is null");
        this.dataRoot = requireNonNull(dataRoot, "dataRoot is null");
        this.modelCheck = new ModelCheck(requireNonNull(memory, "memory is null"));
    }

    /** Trains the experiment from the start in a new run. */
    public RunResult run() {
        console.info("Tracking runs at " + tracker.describe());
        Prepared prepared = prepare();
        return track(tracker.start(new RunRequest(config.experiment(), config.runName(), startTags())), prepared,
                Optional.empty());
    }

    /**
     * Goes on with the run {@code runId} from {@code checkpoint}, in the same tracked run: the result is the one
     * an uninterrupted run would have reached, and the run's metrics continue its step axis.
     */
    public RunResult resume(String runId, Checkpoints.Checkpoint checkpoint) {
        console.info("Tracking runs at " + tracker.describe());
        Prepared prepared = prepare();
        return track(tracker.resume(runId), prepared, Optional.of(checkpoint));
    }

    /** The memory watch of the run, and the data when it had to be read before the run opened. */
    private record Prepared(NativeMemory memory, Optional<Dataset> data) {
    }

    /**
     * Makes sure the model can be trained on the data before any run is opened: a model that cannot is a problem of
     * the spec and leaves no failed run behind. Binding sized it already where the dataset plugin knew the data's
     * shape from its parameters, and the data is then read in the run (a missing file fails the run, with its
     * reason); a plugin that learns the shape by reading has its data read here, and the model sized for it.
     */
    private Prepared prepare() {
        GpuCheck.requireSupportedGpu();
        NativeMemory memory = new NativeMemory();
        if (config.dataset().shape().isPresent()) {
            return new Prepared(memory, Optional.empty());
        }
        Dataset data = loadDataset();
        List<Problem> problems = modelCheck.problems(config.model(), DatasetShape.of(data),
                config.training().settings(), config.seed());
        if (!problems.isEmpty()) {
            throw new GenLabException(GenLabException.Category.CONFIG, "Model '" + config.model().type()
                    + "' cannot be trained on " + data.name() + " (" + data.shape() + ") here:",
                    problems.stream().map(Problem::toString).toList(), null);
        }
        return new Prepared(memory, Optional.of(data));
    }

    private Dataset loadDataset() {
        return config.dataset().create(new DatasetContext(dataRoot, config.seed(), console::info));
    }

    private RunResult track(TrackedRun opened, Prepared prepared, Optional<Checkpoints.Checkpoint> checkpoint) {
        Interruption interruption = new Interruption();
        // the run is closed (its journal complete) before the hook lets a shutdown go on
        try (Interruption.Hook hook = interruption.whileRunning(INTERRUPT_GRACE); TrackedRun run = opened) {
            console.info("Run '" + run.name().orElse(config.runName()) + "' (" + run.runId() + "): " + run.url());
            try {
                RunResult result = execute(run, prepared, checkpoint, interruption);
                run.end(RunStatus.FINISHED, null);
                deliver(run, DELIVERY_TIMEOUT);
                console.info("Run finished: " + run.url());
                // The server may have learnt of the run only after it started: its ids are final now.
                return new RunResult(run.runId(), run.url(), result.testMetrics());
            } catch (Interruption.Stopped stopped) {
                throw kill(run, stopped);
            } catch (RuntimeException | Error e) {
                fail(run, e);
                throw e;
            }
        }
    }

    private RunResult execute(TrackedRun run, Prepared prepared, Optional<Checkpoints.Checkpoint> checkpoint,
            Interruption interruption) {
        ComputeThreads.use(ComputeThreads.resolve(config.training().threads(), System.getenv(),
                Runtime.getRuntime().availableProcessors()));
        NativeMemory.freeSameDiffArraysPromptly();
        Split.beforeEachBatch(prepared.memory()::check);
        try {
            return executeTraining(run, prepared, checkpoint, interruption);
        } finally {
            Split.beforeEachBatch(() -> { });
        }
    }

    private RunResult executeTraining(TrackedRun run, Prepared prepared,
            Optional<Checkpoints.Checkpoint> checkpoint, Interruption interruption) {
        Optional<Dataset> read = prepared.data();
        if (checkpoint.isEmpty()) {
            RunParameters parameters = RunParameters.of(config);
            run.params(parameters.params());
            run.tags(parameters.tags());
            run.text("spec.yaml", config.resolvedYaml());
        }
        Dataset data = read.orElseGet(this::loadDataset);
        if (checkpoint.isEmpty()) {
            run.tags(Map.of(
                    "genlab.dataset", data.name(),
                    "genlab.dataset.digest", data.digest(),
                    "genlab.dataset.source", data.source()));
            run.dataset(DatasetInput.of(data));
        } else {
            run.tags(Map.of("genlab.resumed_at_step", Long.toString(checkpoint.get().step())));
            console.info("Resuming at " + checkpoint.get().position().describe());
        }
        console.info(String.format(Locale.ROOT, "Dataset %s: %,d training and %,d test images of %s", data.name(),
                data.train().size(), data.test().size(), data.shape()));

        Nd4j.getRandom().setSeed(config.seed());
        ModelContext context = new ModelContext(data.shape(), data.classes(), config.training().settings(),
                config.seed());
        Optional<QualityScores> scores = QualityScores.prepare(config.tracking().scoreSamples(), data, config.seed(),
                console);
        try (SystemMetrics system = systemMetrics(run);
                Model model = checkpoint.isEmpty() ? config.model().create(context)
                : loadModel(context, checkpoint.get())) {
            Optional<ScoredModel> scored = scores.map(quality -> new ScoredModel(model, quality));
            Model trained = scored.<Model>map(value -> value).orElse(model);
            Optional<Checkpoints> checkpoints = run.directory().map(Checkpoints::new);
            TrainingLoop loop = new TrainingLoop(config.training().settings(), config.tracking(),
                    config.training().checkpointInterval(), config.seed(), console, interruption,
                    position -> checkpoints.ifPresent(store -> store.save(model, position, config.resolvedYaml())));
            LoopPosition from = checkpoint.map(Checkpoints.Checkpoint::position).orElse(LoopPosition.START);
            TrainingLoop.Result result = loop.run(trained, data, run, from);
            if (config.tracking().imageEvery() == 0 || result.lastStep() % config.tracking().imageEvery() != 0) {
                trained.logProgress(data, run, result.lastStep());
            }
            Map<String, Double> metrics = new LinkedHashMap<>(result.lastTestMetrics());
            Map<String, Double> modelScores = new LinkedHashMap<>();
            // the final evaluation's arrays come on top of what training left for the collector to free
            prepared.memory().collect();
            model.evaluate(data, run, result.lastStep()).forEach((key, value) -> {
                if (key.startsWith(Model.SCORE_PREFIX)) {
                    run.metric(key, value, result.lastStep());
                    modelScores.put(key, value);
                    return;
                }
                if (!value.equals(metrics.get(key))) {
                    run.metric("test/" + key, value, result.lastStep());
                }
                metrics.put(key, value);
            });
            metrics.forEach((key, value) -> console.info(String.format(Locale.ROOT, "  test/%s = %.5f", key, value)));
            modelScores.forEach((key, score) -> {
                console.info(String.format(Locale.ROOT, "  %s = %.5f", key, score));
                metrics.put(key, score);
            });
            scored.ifPresent(value -> value.lastScores().forEach((key, score) -> {
                console.info(String.format(Locale.ROOT, "  %s = %.5f", key, score));
                metrics.put(key, score);
            }));
            SyntheticTrainingScore synthetic = new SyntheticTrainingScore(config.tracking().tstrSamples(),
                    config.tracking().augmentation(), config.seed(), console);
            if (synthetic.appliesTo(model, data)) {
                synthetic.measure(model, data).forEach((key, accuracy) -> {
                    run.metric(key, accuracy, result.lastStep());
                    console.info(String.format(Locale.ROOT, "  %s = %.5f", key, accuracy));
                    metrics.put(key, accuracy);
                });
            }
            if (config.tracking().saveModel()) {
                ModelArtifacts.upload(model, config, data.name(), result.lastStep(), run);
                console.info("Model saved with the run (artifacts under " + ModelArtifacts.DIRECTORY + "/, an MLflow"
                        + " model: runs:/" + run.runId() + "/" + ModelArtifacts.DIRECTORY + ")");
                config.tracking().registerAs().ifPresent(run::register);
            }
            return new RunResult(run.runId(), run.url(), metrics);
        }
    }

    /** CPU, memory and disk use sampled into the run while it trains, or nothing ({@code null}) when turned off. */
    private SystemMetrics systemMetrics(TrackedRun run) {
        int seconds = config.tracking().systemMetricsEvery();
        return seconds == 0 ? null
                : SystemMetrics.start(run, Duration.ofSeconds(seconds), Path.of("").toAbsolutePath());
    }

    private Model loadModel(ModelContext context, Checkpoints.Checkpoint checkpoint) {
        try {
            return config.model().load(context, checkpoint.model());
        } catch (IOException | UnsupportedOperationException e) {
            throw new GenLabException(GenLabException.Category.PLUGIN, "Model plugin '" + config.model().type()
                    + "' cannot load the checkpoint in " + checkpoint.directory() + ": " + e.getMessage(), e);
        }
    }

    private Map<String, String> startTags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("genlab.spec", config.source());
        tags.put("genlab.model", config.model().type());
        tags.put("genlab.dataset", config.dataset().type());
        tags.putAll(OverrideTags.of(config.description(), config.overrides()));
        tags.putAll(RunEnvironment.tags(config.source()));
        return tags;
    }

    private void fail(TrackedRun run, Throwable failure) {
        String reason = failure instanceof GenLabException known ? known.describe()
                : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        Map<String, String> tags = new LinkedHashMap<>();
        if (failure instanceof TrainingFailure training) {
            tags.put("genlab.failure.step", Long.toString(training.step()));
        }
        if (failure instanceof GenLabException known) {
            tags.put("genlab.failure.category", known.category().name().toLowerCase(Locale.ROOT));
        }
        try {
            if (!tags.isEmpty()) {
                run.tags(tags);
            }
            run.end(RunStatus.FAILED, reason);
            deliver(run, DELIVERY_TIMEOUT);
        } catch (RuntimeException trackingFailure) {
            failure.addSuppressed(trackingFailure);
        }
    }

    /**
     * Ends a run stopped by Ctrl-C or SIGTERM KILLED, after the loop's last checkpoint, and sends what the
     * shutdown leaves time for; the rest stays in the journal for {@code genlab sync} or the resumed run.
     */
    private GenLabException kill(TrackedRun run, Interruption.Stopped stopped) {
        String resume = run.directory().isPresent()
                ? "; go on with `genlab run --resume " + run.runId() + "` from this directory" : "";
        String reason = stopped.getMessage() + resume;
        // said now: when a shutdown stopped the run, the program may end before the caller could say it
        console.info("Run " + run.runId() + " stopped: " + reason);
        try {
            run.tags(Map.of("genlab.stopped_at_step", Long.toString(stopped.position().step())));
            run.end(RunStatus.KILLED, reason);
            deliver(run, KILLED_DELIVERY_TIMEOUT);
        } catch (RuntimeException trackingFailure) {
            stopped.addSuppressed(trackingFailure);
        }
        return new GenLabException(GenLabException.Category.TRAINING, "Run " + run.runId() + " stopped: " + reason,
                stopped);
    }

    /** Waits (boundedly) for the tracking server to have everything, and says what it does not. */
    private void deliver(TrackedRun run, Duration timeout) {
        run.awaitDelivery(timeout, console::info).describe().forEach(console::info);
    }
}
