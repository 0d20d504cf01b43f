package dev.genlab.core.run;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import dev.genlab.api.DatasetFactory;
import dev.genlab.api.ModelFactory;
import dev.genlab.core.plugin.PluginRegistry;
import dev.genlab.core.spec.ExperimentConfig;
import dev.genlab.core.spec.MemoryBudget;
import dev.genlab.core.tracking.Tracker;
import java.nio.file.Path;

/**
 * Wires one run: the validated config, the plugins found on the class path (keyed by their YAML name),
 * the tracker and the console. Built only after the spec has passed validation.
 */
public final class RunnerModule extends AbstractModule {
    private final ExperimentConfig config;
    private final PluginRegistry registry;
    private final Tracker tracker;
    private final Console console;
    private final Path dataRoot;
    private final MemoryBudget memory;

    public RunnerModule(ExperimentConfig config, PluginRegistry registry, Tracker tracker, Console console,
            Path dataRoot) {
        this(config, registry, tracker, console, dataRoot, MemoryBudget.ofThisJvm());
    }

    /** @param memory what the model may need, checked once the data is loaded and before the model is built */
    public RunnerModule(ExperimentConfig config, PluginRegistry registry, Tracker tracker, Console console,
            Path dataRoot, MemoryBudget memory) {
        this.memory = requireNonNull(memory, "memory is null");
        this.config = requireNonNull(config, "config is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.tracker = requireNonNull(tracker, "tracker is null");
        this.console = requireNonNull(console, "console is null");
        this.dataRoot = requireNonNull(dataRoot, "dataRoot is null");
    }

    @Override
    protected void configure() {
        binder().requireExplicitBindings();
        bind(ExperimentConfig.class).toInstance(config);
        bind(Tracker.class).toInstance(tracker);
        bind(Console.class).toInstance(console);
        bind(MemoryBudget.class).toInstance(memory);
        bind(Path.class).annotatedWith(DataRootDirectory.class).toInstance(dataRoot);
        MapBinder<String, DatasetFactory<?>> datasets = MapBinder.newMapBinder(binder(),
                new TypeLiteral<String>() { }, new TypeLiteral<DatasetFactory<?>>() { });
        registry.datasets().forEach((name, factory) -> datasets.addBinding(name).toInstance(factory));
        MapBinder<String, ModelFactory<?>> models = MapBinder.newMapBinder(binder(),
                new TypeLiteral<String>() { }, new TypeLiteral<ModelFactory<?>>() { });
        registry.models().forEach((name, factory) -> models.addBinding(name).toInstance(factory));
        bind(ExperimentRunner.class);
    }
}
