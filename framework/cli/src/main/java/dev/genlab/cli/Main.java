package dev.genlab.cli;

import dev.genlab.api.GenLabException;
import dev.genlab.core.environment.DataRoot;
import dev.genlab.core.plugin.PluginRegistry;
import dev.genlab.core.run.Checkpoints;
import dev.genlab.core.run.Console;
import dev.genlab.core.run.ExperimentRunner;
import dev.genlab.core.run.RunnerModule;
import dev.genlab.core.run.Trackers;
import dev.genlab.core.sampling.RequestedLabels;
import dev.genlab.core.sampling.Sampler;
import dev.genlab.core.spec.ExperimentConfig;
import dev.genlab.core.spec.SpecBinder;
import dev.genlab.core.spec.SpecReader;
import dev.genlab.mlflow.server.MlflowServer;
import dev.genlab.mlflow.server.MlflowServerException;
import dev.genlab.tracking.Tracker;
import dev.genlab.tracking.TrackingUri;
import dev.genlab.tracking.mlflow.JournalSync;
import dev.genlab.tracking.mlflow.MlflowTracker;
import dev.genlab.tracking.mlflow.ModelDownload;
import dev.genlab.tracking.mlflow.ModelRegistration;
import dev.genlab.tracking.mlflow.ModelUri;
import dev.genlab.tracking.mlflow.MlflowConnection;
import dev.genlab.tracking.rest.MlflowCallException;
import dev.genlab.tracking.rest.MlflowModels;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** The {@code genlab} command. */
public final class Main {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int INVALID = 2;

    private static final String TRACKING_URI_OVERRIDE = "tracking.uri=";

    private final PrintStream out;
    private final PrintStream err;
    private final Path workDir;

    public Main(PrintStream out, PrintStream err) {
        this(out, err, Path.of("").toAbsolutePath());
    }

    /** @param workDir where runs are journaled ({@code .genlab/runs}) and the local MLflow store is kept */
    public Main(PrintStream out, PrintStream err, Path workDir) {
        this.out = out;
        this.err = err;
        this.workDir = workDir.toAbsolutePath().normalize();
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
            Optional<Subcommand> extension = args.length == 0 ? Optional.empty() : Subcommand.find(args[0]);
            if (extension.isPresent()) {
                List<String> rest = List.of(args).subList(1, args.length);
                verbose = rest.contains("--verbose") || rest.contains("-v");
                return extension.get().execute(rest, workDir, out, err);
            }
            Arguments arguments = Arguments.parse(args);
            verbose = arguments.verbose();
            return switch (arguments.command()) {
                case "run" -> run(arguments);
                case "validate" -> validate(arguments);
                case "plugins" -> plugins();
                case "sample" -> sample(arguments);
                case "register" -> register(arguments);
                case "sync" -> sync(arguments);
                case "ui" -> ui(arguments);
                case "help" -> help();
                default -> throw Arguments.usage("unknown command '" + arguments.command() + "'");
            };
        } catch (GenLabException e) {
            err.println("error [" + e.category().name().toLowerCase(Locale.ROOT) + "]: " + printable(e.describe()));
            if (verbose) {
                e.printStackTrace(err);
            }
            return e.category() == GenLabException.Category.CONFIG ? INVALID : FAILED;
        } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
            Optional<OutOfMemoryError> memory = OutOfMemory.in(e);
            if (memory.isPresent()) {
                err.println("error [memory]: " + printable(OutOfMemory.describe(memory.get())));
                if (verbose) {
                    e.printStackTrace(err);
                }
                return FAILED;
            }
            err.println("error [internal]: " + printable(e.toString()));
            if (verbose) {
                e.printStackTrace(err);
            } else {
                err.println("(run again with --verbose for the stack trace)");
            }
            return FAILED;
        }
    }

    /**
     * {@code message} with control characters other than line breaks and tabs shown as {@code \u001B}: messages
     * repeat what users typed (a file name, an option), which must not steer the terminal.
     */
    static String printable(String message) {
        StringBuilder shown = new StringBuilder(message.length());
        message.codePoints().forEach(c -> {
            if (Character.isISOControl(c) && c != '\n' && c != '\t' && c != '\r') {
                shown.append(String.format(Locale.ROOT, "\\u%04X", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return shown.toString();
    }

    private int help() {
        out.print(Arguments.USAGE);
        java.util.ServiceLoader.load(Subcommand.class).forEach(command -> out.print(System.lineSeparator()
                + command.usage()));
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
        Optional<String> resume = Optional.ofNullable(arguments.options().get("resume"));
        Optional<Checkpoints.Checkpoint> checkpoint = resume.map(this::checkpoint);
        if (resume.isPresent() && (arguments.spec().isPresent() || !arguments.overrides().isEmpty())) {
            throw Arguments.usage("'run --resume RUN_ID' takes no spec and no --set: the run goes on with the spec"
                    + " it started with");
        }
        ExperimentConfig config = checkpoint.isPresent()
                ? new SpecBinder(registry).bind(SpecReader.read(checkpoint.get().spec()),
                        List.of())
                : bind(arguments, registry);
        Console console = new Console(err, err == System.err && System.console() != null, arguments.verbose());
        try (Tracker tracker = Trackers.open(config.tracking(), workDir, console)) {
            ExperimentRunner runner = new RunnerModule(config, tracker, console, DataRoot.resolve(System.getenv()))
                    .runner();
            if (checkpoint.isPresent()) {
                runner.resume(resume.get(), checkpoint.get());
            } else {
                runner.run();
            }
        }
        return OK;
    }

    /** The last checkpoint of the run journaled here as {@code runId}. */
    private Checkpoints.Checkpoint checkpoint(String runId) {
        Path run = MlflowTracker.findRun(workDir, runId).orElseThrow(() -> new GenLabException(
                GenLabException.Category.CONFIG, "No run " + runId + " is journaled in " + workDir.resolve(".genlab/runs")
                + ": resume a run from the directory it was started in, by its MLflow run id or its local id"));
        return new Checkpoints(run).latest().orElseThrow(() -> new GenLabException(GenLabException.Category.CONFIG,
                "Run " + runId + " (" + run + ") has no checkpoint to go on from: it stopped before its first one"
                        + " (training.checkpointEvery sets how often they are saved)"));
    }

    private int sample(Arguments arguments) {
        String model = arguments.spec().orElseThrow(() -> Arguments.usage("'sample' needs a run's artifact directory"
                + " or a model in MLflow: genlab sample mlartifacts/1/<run id>/artifacts, runs:/<run id>/model or"
                + " models:/<name>/<version>"));
        Optional<RequestedLabels> labels = Optional.ofNullable(arguments.options().get("labels"))
                .map(RequestedLabels::parse);
        // with --labels, a row of 8 per class unless --count says otherwise
        long count = arguments.number("count", labels.map(requested -> 8L * requested.classes().size()).orElse(64L),
                1, Sampler.MAX_COUNT);
        long seed = arguments.number("seed", 0, 0, Long.MAX_VALUE);
        Path out = Path.of(arguments.options().getOrDefault("out", "samples.png"));
        Console console = new Console(err, err == System.err && System.console() != null, arguments.verbose());
        Sampler sampler = new Sampler(PluginRegistry.discover(), DataRoot.resolve(System.getenv()), console);
        if (!ModelUri.isModelUri(model)) {
            if (arguments.options().containsKey("tracking-uri")) {
                throw Arguments.usage("--tracking-uri names the server of a runs:/ or models:/ URI, not of the"
                        + " directory " + model);
            }
            sampler.sample(Path.of(model), count, seed, out, labels);
            return OK;
        }
        ModelUri uri = ModelUri.parse(model);
        Path downloaded = fromServer(arguments, console, uri, connection -> {
            console.info("Downloading " + uri.text() + " from " + connection.models().server() + " ...");
            return new ModelDownload(connection.models()).download(uri, modelCache().resolve(connection.cacheName()));
        });
        sampler.sample(downloaded, count, seed, out, labels);
        return OK;
    }

    private int register(Arguments arguments) {
        ModelUri uri = ModelUri.parse(arguments.spec().orElseThrow(() -> Arguments.usage(
                "'register' needs a run's model: genlab register runs:/<run id>/model --name NAME")));
        if (!(uri instanceof ModelUri.RunModel run)) {
            throw Arguments.usage("'register' takes a run's model, runs:/<run id>/model, got " + uri.text());
        }
        String name = Optional.ofNullable(arguments.options().get("name")).orElseThrow(() -> Arguments.usage(
                "'register' needs --name NAME, the registered model to add a version to"));
        ModelRegistration.nameProblem(name).ifPresent(problem -> {
            throw Arguments.usage("--name: " + problem);
        });
        Console console = new Console(err, false, arguments.verbose());
        MlflowModels.ModelVersion version = fromServer(arguments, console, uri,
                connection -> new ModelRegistration(connection.models()).registerRun(run.runId(), run.path(), name));
        out.println("Registered " + version.name() + " version " + version.version());
        return OK;
    }

    /**
     * Calls {@code call} with the server of runs:/ and models:/ URIs; a server that cannot be reached is a problem
     * of the command line (the URI), said in one line.
     */
    private <T> T fromServer(Arguments arguments, Console console, ModelUri uri,
            Function<MlflowConnection, T> call) {
        Optional<URI> server = Optional.ofNullable(arguments.options().get("tracking-uri")).map(Main::parseUri);
        try (MlflowConnection connection = MlflowConnection.open(server, workDir, console::info)) {
            return call.apply(connection);
        } catch (MlflowCallException e) {
            throw new GenLabException(GenLabException.Category.CONFIG, uri.text() + ": " + e.getMessage(), e);
        }
    }

    /** Where models from MLflow are downloaded: {@code GENLAB_CACHE_DIR}, else {@code ~/.cache/genlab}, in models/. */
    private static Path modelCache() {
        String configured = System.getenv("GENLAB_CACHE_DIR");
        Path root = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "genlab");
        return root.resolve("models");
    }

    private int sync(Arguments arguments) {
        Optional<URI> uri = Optional.empty();
        for (String override : arguments.overrides()) {
            if (!override.startsWith(TRACKING_URI_OVERRIDE)) {
                throw Arguments.usage("'sync' takes only --set tracking.uri=URI, got --set " + override);
            }
            uri = Optional.of(parseUri(override.substring(TRACKING_URI_OVERRIDE.length()).strip()));
        }
        Console console = new Console(err, false, arguments.verbose());
        boolean complete = new JournalSync(workDir, console::info).sync(arguments.spec().map(Path::of), uri);
        return complete ? OK : FAILED;
    }

    /** Serves the MLflow UI on a store until the server stops; Ctrl-C stops it through its shutdown hook. */
    private int ui(Arguments arguments) {
        Path store = arguments.spec().map(workDir::resolve).orElse(workDir).normalize();
        long port = arguments.number("port", 5000, 1, 65535);
        try {
            Path executable = MlflowServer.findExecutable(System.getenv()).orElseThrow(() -> new GenLabException(
                    GenLabException.Category.TRACKING, "The `mlflow` command was not found: install it with"
                    + " `pip install mlflow`, or set " + MlflowServer.EXECUTABLE_ENV + " to it"));
            err.println("Starting the MLflow UI on " + store.resolve("mlflow.db") + " and "
                    + store.resolve("mlartifacts") + " ...");
            try (MlflowServer server = MlflowServer.start(executable, store, (int) port,
                    MlflowServer.DEFAULT_STARTUP_TIMEOUT)) {
                out.println("MLflow UI at " + server.uri() + " (press Ctrl-C to stop it)");
                out.flush();
                int exit = server.awaitExit();
                err.println("The MLflow server stopped (exit code " + exit + "); its log is " + server.log());
                return exit == 0 ? OK : FAILED;
            }
        } catch (MlflowServerException e) {
            throw new GenLabException(GenLabException.Category.TRACKING, e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        }
    }

    private static URI parseUri(String value) {
        try {
            return TrackingUri.parse(value);
        } catch (IllegalArgumentException e) {
            throw Arguments.usage("tracking.uri must be an http(s) address such as http://127.0.0.1:5000: "
                    + e.getMessage());
        }
    }

    private static ExperimentConfig bind(Arguments arguments, PluginRegistry registry) {
        return new SpecBinder(registry).bind(SpecReader.read(Path.of(arguments.requireSpec())), arguments.overrides());
    }
}
