package dev.genlab.core.tracking;

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
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a spec through the real runner, wired by Guice as the command line does, with the test plugin (bars
 * dataset, mean-image model) found through ServiceLoader, into whatever tracker a test gives it.
 */
final class RunnerFixture {
    /** 256 images in batches of 8: 32 steps an epoch, every loss logged. */
    static final String SPEC = """
            experiment: %s
            run: mean-of-bars
            description: Learning the mean bar image.
            seed: 7
            dataset:
              type: bars
              trainSize: 256
              testSize: 64
            model:
              type: mean-image
              initialValue: 0.9
            training:
              epochs: 2
              batchSize: 8
              optimizer:
                name: sgd
                learningRate: 0.05
            tracking:
              logEvery: 1
            """;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    RunResult run(Tracker tracker, String experiment, String... overrides) {
        PluginRegistry registry = PluginRegistry.discover();
        ExperimentConfig config = new SpecBinder(registry).bind(SpecReader.parse("spec.yaml", SPEC.formatted(experiment)),
                List.of(overrides));
        Console output = new Console(new PrintStream(console, true, StandardCharsets.UTF_8), false, false);
        return Guice.createInjector(Stage.PRODUCTION,
                        new RunnerModule(config, registry, tracker, output, Path.of("unused-data-root")))
                .getInstance(ExperimentRunner.class)
                .run();
    }

    /** What the runner printed. */
    String console() {
        return console.toString(StandardCharsets.UTF_8);
    }
}
