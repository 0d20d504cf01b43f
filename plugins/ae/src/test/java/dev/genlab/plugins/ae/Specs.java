package dev.genlab.plugins.ae;

import com.google.inject.Guice;
import com.google.inject.Stage;
import dev.genlab.api.Plugin;
import dev.genlab.core.plugin.PluginRegistry;
import dev.genlab.core.run.Console;
import dev.genlab.core.run.ExperimentRunner;
import dev.genlab.core.run.RunResult;
import dev.genlab.core.run.RunnerModule;
import dev.genlab.core.spec.ExperimentConfig;
import dev.genlab.core.spec.SpecBinder;
import dev.genlab.core.spec.SpecReader;
import dev.genlab.core.tracking.InMemoryTracker;
import dev.genlab.testing.SharedDatasets;
import java.util.List;
import java.util.ServiceLoader;

/** Specs bound as the command line binds them, and runs of them through the real runner on the real datasets. */
final class Specs {
    private static final PluginRegistry REGISTRY = PluginRegistry.discover();

    private Specs() {
    }

    static PluginRegistry registry() {
        return REGISTRY;
    }

    static ExperimentConfig bind(String spec, String... overrides) {
        return new SpecBinder(REGISTRY).bind(SpecReader.parse("test.yaml", spec), List.of(overrides));
    }

    static RunResult run(InMemoryTracker tracker, String spec, String... overrides) {
        return run(REGISTRY, tracker, spec, overrides);
    }

    /** A run with the plugins of {@code registry}, which may hold models of the tests' own. */
    static RunResult run(PluginRegistry registry, InMemoryTracker tracker, String spec, String... overrides) {
        ExperimentConfig config = new SpecBinder(registry).bind(SpecReader.parse("test.yaml", spec),
                List.of(overrides));
        return Guice.createInjector(Stage.PRODUCTION, new RunnerModule(config, registry, tracker,
                        Console.system(false), SharedDatasets.root()))
                .getInstance(ExperimentRunner.class)
                .run();
    }

    /** The plugins on the class path and {@code more}. */
    static PluginRegistry registryWith(Plugin... more) {
        List<Plugin> plugins = new java.util.ArrayList<>(ServiceLoader.load(Plugin.class).stream()
                .map(ServiceLoader.Provider::get).toList());
        plugins.addAll(List.of(more));
        return PluginRegistry.of(plugins);
    }
}
