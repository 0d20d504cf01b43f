package dev.genlab.plugins.gan;

import com.google.inject.Guice;
import com.google.inject.Stage;
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

/** Runs a spec through the real runner on the shared datasets, recording into an in-memory tracker. */
final class Runs {
    private Runs() {
    }

    static RunResult run(InMemoryTracker tracker, String spec, String... overrides) {
        PluginRegistry registry = PluginRegistry.discover();
        ExperimentConfig config = new SpecBinder(registry).bind(SpecReader.parse("gan.yaml", spec), List.of(overrides));
        return Guice.createInjector(Stage.PRODUCTION, new RunnerModule(config, registry, tracker,
                        Console.system(false), SharedDatasets.root()))
                .getInstance(ExperimentRunner.class)
                .run();
    }
}
