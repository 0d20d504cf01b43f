package dev.genlab.core.cli;

import com.google.inject.Guice;
import com.google.inject.Stage;
import dev.genlab.api.GenLabException;
import dev.genlab.core.plugin.PluginRegistry;
import dev.genlab.core.run.Console;
import dev.genlab.core.run.DataRoot;
import dev.genlab.core.run.ExperimentRunner;
import dev.genlab.core.run.RunnerModule;
import dev.genlab.core.run.Sampler;
import dev.genlab.core.run.Trackers;
import dev.genlab.core.spec.ExperimentConfig;
import dev.genlab.core.spec.SpecBinder;
import dev.genlab.core.spec.SpecReader;
import dev.genlab.core.tracking.Tracker;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/** The {@code genlab} command. */
public final class Main {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int INVALID = 2;

    private final PrintStream out;
    private final PrintStream err;

    public Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        if (java.util.Arrays.asList(args).contains("--verbose") || java.util.Arrays.asList(args).contains("-v")) {
            // read by slf4j-simple when the first logger is made, which is later than this
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        }
        System.exit(new Main(System.out, System.err).execute(args));
    }

    /** Runs one command; returns the exit status (0 success, 1 failed run, 2 invalid spec or usage). */
    public int execute(String... args) {
        boolean verbose = false;
        try {
            Arguments arguments = Arguments.parse(args);
            verbose = arguments.verbose();
            return switch (arguments.command()) {
                case "run" -> run(arguments);
                case "validate" -> validate(arguments);
                case "plugins" -> plugins();
                case "sample" -> sample(arguments);
                case "help" -> help();
                default -> throw Arguments.usage("unknown command '" + arguments.command() + "'");
            };
        } catch (GenLabException e) {
            err.println("error [" + e.category().name().toLowerCase(Locale.ROOT) + "]: " + e.describe());
            if (verbose) {
                e.printStackTrace(err);
            }
            return e.category() == GenLabException.Category.CONFIG ? INVALID : FAILED;
        } catch (RuntimeException | LinkageError e) {
            err.println("error [internal]: " + e);
            if (verbose) {
                e.printStackTrace(err);
            } else {
                err.println("(run again with --verbose for the stack trace)");
            }
            return FAILED;
        }
    }

    private int help() {
        out.print(Arguments.USAGE);
        return OK;
    }

    private int plugins() {
        new PluginListing(out).print(PluginRegistry.discover());
        return OK;
    }

    private int validate(Arguments arguments) {
        ExperimentConfig config = bind(arguments, PluginRegistry.discover());
        err.println(config.source() + " is valid: model " + config.model().type() + " on " + config.dataset().type()
                + ", run '" + config.runName() + "' in experiment '" + config.experiment() + "'");
        out.print(config.resolvedYaml());
        return OK;
    }

    private int run(Arguments arguments) {
        PluginRegistry registry = PluginRegistry.discover();
        ExperimentConfig config = bind(arguments, registry);
        Console console = new Console(err, err == System.err && System.console() != null, arguments.verbose());
        Path workDir = Path.of("").toAbsolutePath();
        try (Tracker tracker = Trackers.open(config.tracking(), workDir, console)) {
            ExperimentRunner runner = Guice.createInjector(Stage.PRODUCTION,
                            new RunnerModule(config, registry, tracker, console, DataRoot.resolve(System.getenv())))
                    .getInstance(ExperimentRunner.class);
            runner.run();
        }
        return OK;
    }

    private int sample(Arguments arguments) {
        Path runDirectory = Path.of(arguments.spec().orElseThrow(() -> Arguments.usage(
                "'sample' needs a run's artifact directory: genlab sample mlartifacts/1/<run id>/artifacts")));
        int count = (int) arguments.number("count", 64, 1);
        long seed = arguments.number("seed", 0, 0);
        Path out = Path.of(arguments.options().getOrDefault("out", "samples.png"));
        Console console = new Console(err, false, arguments.verbose());
        new Sampler(PluginRegistry.discover(), DataRoot.resolve(System.getenv()), console)
                .sample(runDirectory, count, seed, out);
        return OK;
    }

    private static ExperimentConfig bind(Arguments arguments, PluginRegistry registry) {
        return new SpecBinder(registry).bind(SpecReader.read(Path.of(arguments.requireSpec())), arguments.overrides());
    }
}
