package dev.genlab.core.run;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Stage;
import dev.genlab.core.spec.ExperimentConfig;
import dev.genlab.core.spec.MemoryBudget;
import dev.genlab.tracking.Tracker;
import java.nio.file.Path;

/**
 * Wires one run: the validated config (which carries the chosen plugins, bound to their parameters), the tracker,
 * the console, where datasets live and the memory a model may use. Built only after the spec has passed
 * validation.
 */
public final class RunnerModule extends AbstractModule {
    private final ExperimentConfig config;
    private final Tracker tracker;
    private final Console console;
    private final Path dataRoot;
    private final MemoryBudget memory;

    public RunnerModule(ExperimentConfig config, Tracker tracker, Console console, Path dataRoot) {
        this(config, tracker, console, dataRoot, MemoryBudget.ofThisJvm());
    }

    /** @param memory what the model may need, checked once the data is loaded and before a run is opened */
    public RunnerModule(ExperimentConfig config, Tracker tracker, Console console, Path dataRoot,
            MemoryBudget memory) {
        this.config = requireNonNull(config, "config is null");
        this.tracker = requireNonNull(tracker, "tracker is null");
        this.console = requireNonNull(console, "console is null");
        this.dataRoot = requireNonNull(dataRoot, "dataRoot is null");
        this.memory = requireNonNull(memory, "memory is null");
    }

    /** The runner of this run, from an injector of this module alone. */
    public ExperimentRunner runner() {
        return Guice.createInjector(Stage.PRODUCTION, this).getInstance(ExperimentRunner.class);
    }

    @Override
    protected void configure() {
        binder().requireExplicitBindings();
        bind(ExperimentConfig.class).toInstance(config);
        bind(Tracker.class).toInstance(tracker);
        bind(Console.class).toInstance(console);
        bind(MemoryBudget.class).toInstance(memory);
        bind(Path.class).annotatedWith(DataRootDirectory.class).toInstance(dataRoot);
        bind(ExperimentRunner.class);
    }
}
