package dev.genlab.core.run;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Dataset;
import dev.genlab.api.DatasetContext;
import dev.genlab.api.DatasetFactory;
import dev.genlab.api.GenLabException;
import dev.genlab.api.Model;
import dev.genlab.api.ModelContext;
import dev.genlab.api.ModelFactory;
import dev.genlab.core.spec.ExperimentConfig;
import dev.genlab.core.tracking.DatasetInput;
import dev.genlab.core.tracking.RunRequest;
import dev.genlab.core.tracking.RunStatus;
import dev.genlab.core.tracking.TrackedRun;
import dev.genlab.core.tracking.Tracker;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs one validated experiment: opens the tracked run, loads the dataset, builds and trains the model,
 * evaluates it, and ends the run FINISHED, or FAILED with the reason when anything goes wrong.
 */
public final class ExperimentRunner {
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(60);

    private final ExperimentConfig config;
    private final Map<String, DatasetFactory<?>> datasets;
    private final Map<String, ModelFactory<?>> models;
    private final Tracker tracker;
    private final Console console;
    private final Path dataRoot;

    @Inject
    ExperimentRunner(ExperimentConfig config, Map<String, DatasetFactory<?>> datasets,
            Map<String, ModelFactory<?>> models, Tracker tracker, Console console, @DataRootDirectory Path dataRoot) {
        this.config = requireNonNull(config, "config is null");
        this.datasets = requireNonNull(datasets, "datasets is null");
        this.models = requireNonNull(models, "models is null");
        this.tracker = requireNonNull(tracker, "tracker is null");
        this.console = requireNonNull(console, "console is null");
        this.dataRoot = requireNonNull(dataRoot, "dataRoot is null");
    }

    public RunResult run() {
        console.info("Tracking runs at " + tracker.describe());
        try (TrackedRun run = tracker.start(new RunRequest(config.experiment(), config.runName(), startTags()))) {
            console.info("Run '" + config.runName() + "' (" + run.runId() + "): " + run.url());
            try {
                RunResult result = execute(run);
                run.end(RunStatus.FINISHED, null);
                deliver(run);
                console.info("Run finished: " + run.url());
                // The server may have learnt of the run only after it started: its ids are final now.
                return new RunResult(run.runId(), run.url(), result.testMetrics());
            } catch (RuntimeException | Error e) {
                fail(run, e);
                throw e;
            }
        }
    }

    private RunResult execute(TrackedRun run) {
        run.params(config.flattened());
        run.text("spec.yaml", config.resolvedYaml());

        Dataset data = loadDataset();
        run.tags(Map.of(
                "genlab.dataset", data.name(),
                "genlab.dataset.digest", data.digest(),
                "genlab.dataset.source", data.source()));
        run.dataset(DatasetInput.of(data));
        console.info(String.format(Locale.ROOT, "Dataset %s: %,d training and %,d test images of %s", data.name(),
                data.train().size(), data.test().size(), data.shape()));

        Nd4j.getRandom().setSeed(config.seed());
        ModelContext context = new ModelContext(data.shape(), data.classes(), config.training().settings(),
                config.seed());
        try (Model model = createModel(context)) {
            TrainingLoop loop = new TrainingLoop(config.training().settings(), config.tracking(), config.seed(),
                    console);
            TrainingLoop.Result trained = loop.run(model, data, run);
            if (config.tracking().imageEvery() == 0 || trained.lastStep() % config.tracking().imageEvery() != 0) {
                model.logProgress(run, trained.lastStep());
            }
            Map<String, Double> metrics = new LinkedHashMap<>(trained.lastTestMetrics());
            model.evaluate(data, run).forEach((key, value) -> {
                if (!value.equals(metrics.get(key))) {
                    run.metric("test/" + key, value, trained.lastStep());
                }
                metrics.put(key, value);
            });
            metrics.forEach((key, value) -> console.info(String.format(Locale.ROOT, "  test/%s = %.5f", key, value)));
            if (config.tracking().saveModel()) {
                ModelArtifacts.upload(model, run);
                console.info("Model saved with the run (artifacts under " + ModelArtifacts.DIRECTORY + "/)");
            }
            return new RunResult(run.runId(), run.url(), metrics);
        }
    }

    private Dataset loadDataset() {
        DatasetFactory<?> factory = lookup(datasets, config.dataset().type(), "dataset");
        DatasetContext context = new DatasetContext(dataRoot, config.seed(), console::info);
        return createDataset(factory, config.dataset().parameters(), context);
    }

    private Model createModel(ModelContext context) {
        ModelFactory<?> factory = lookup(models, config.model().type(), "model");
        return createModel(factory, config.model().parameters(), context);
    }

    private static <P extends Record> Dataset createDataset(DatasetFactory<P> factory, Record parameters,
            DatasetContext context) {
        return factory.create(factory.parametersType().cast(parameters), context);
    }

    private static <P extends Record> Model createModel(ModelFactory<P> factory, Record parameters,
            ModelContext context) {
        return factory.create(factory.parametersType().cast(parameters), context);
    }

    private static <F> F lookup(Map<String, F> factories, String type, String kind) {
        F factory = factories.get(type);
        if (factory == null) {
            throw new GenLabException(GenLabException.Category.PLUGIN, "No " + kind + " plugin named '" + type + "'");
        }
        return factory;
    }

    private Map<String, String> startTags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("genlab.spec", config.source());
        tags.put("genlab.model", config.model().type());
        tags.put("genlab.dataset", config.dataset().type());
        config.description().ifPresent(text -> tags.put("mlflow.note.content", text));
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
            deliver(run);
        } catch (RuntimeException trackingFailure) {
            failure.addSuppressed(trackingFailure);
        }
    }

    /** Waits (boundedly) for the tracking server to have everything, and says what it does not. */
    private void deliver(TrackedRun run) {
        run.awaitDelivery(DELIVERY_TIMEOUT, console::info).describe().forEach(console::info);
    }
}
