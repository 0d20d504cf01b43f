package dev.genlab.testing;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Plugin;
import dev.genlab.core.plugin.PluginRegistry;
import dev.genlab.core.run.Console;
import dev.genlab.core.run.ExperimentRunner;
import dev.genlab.core.run.RunResult;
import dev.genlab.core.run.RunnerModule;
import dev.genlab.core.spec.ExperimentConfig;
import dev.genlab.core.spec.MemoryBudget;
import dev.genlab.core.spec.SpecBinder;
import dev.genlab.core.spec.SpecReader;
import dev.genlab.tracking.RunRequest;
import dev.genlab.tracking.Tracker;
import dev.genlab.tracking.memory.InMemoryTracker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The one way tests drive GenLab: a spec bound as {@code genlab validate} binds it (the plugins found on the class
 * path, and any of a test's own), run through the real runner in memory or with a tracker of the test's choosing,
 * and what the run recorded read back. Data comes from the shared datasets unless a test names another root.
 */
public final class GenLabFixture {
    private static final String SPEC_NAME = "spec.yaml";

    private final PluginRegistry registry;
    private final Path dataRoot;
    private final MemoryBudget memory;
    private final ByteArrayOutputStream console;
    private final InMemoryTracker tracker;

    private GenLabFixture(PluginRegistry registry, Path dataRoot, MemoryBudget memory, ByteArrayOutputStream console,
            InMemoryTracker tracker) {
        this.registry = requireNonNull(registry, "registry is null");
        this.dataRoot = requireNonNull(dataRoot, "dataRoot is null");
        this.memory = requireNonNull(memory, "memory is null");
        this.console = requireNonNull(console, "console is null");
        this.tracker = requireNonNull(tracker, "tracker is null");
    }

    /** The plugins {@link ServiceLoader} finds, on the shared datasets, with this JVM's memory. */
    public static GenLabFixture create() {
        return new GenLabFixture(PluginRegistry.discover(), SharedDatasets.rootIfPresent(), MemoryBudget.ofThisJvm(),
                new ByteArrayOutputStream(), new InMemoryTracker());
    }

    /**
     * The plugins found on the class path and {@code more}, such as a test's own variant of a model. Each
     * {@code with} method returns a fixture that records into the same runs and console as this one.
     */
    public GenLabFixture withPlugins(Plugin... more) {
        List<Plugin> plugins = new ArrayList<>(ServiceLoader.load(Plugin.class).stream()
                .map(ServiceLoader.Provider::get).toList());
        plugins.addAll(List.of(more));
        return new GenLabFixture(PluginRegistry.of(plugins), dataRoot, memory, console, tracker);
    }

    public GenLabFixture withDataRoot(Path root) {
        return new GenLabFixture(registry, root, memory, console, tracker);
    }

    /** Models are checked against {@code bytes} of memory (described as {@code source}) instead of this JVM's. */
    public GenLabFixture withMemory(long bytes, String source) {
        return new GenLabFixture(registry, dataRoot, new MemoryBudget(bytes, source), console, tracker);
    }

    public PluginRegistry registry() {
        return registry;
    }

    /** The spec text bound as the command line binds a file named {@code spec.yaml}, with {@code --set} overrides. */
    public ExperimentConfig bind(String yaml, String... overrides) {
        return new SpecBinder(registry, memory).bind(SpecReader.parse(SPEC_NAME, yaml), List.of(overrides));
    }

    public ExperimentConfig bind(Path file, String... overrides) {
        return new SpecBinder(registry, memory).bind(SpecReader.read(file), List.of(overrides));
    }

    /** The bound spec taken apart, for tests that load its data and build its model by hand. */
    public BoundSpec spec(String yaml, String... overrides) {
        return new BoundSpec(bind(yaml, overrides), dataRoot);
    }

    public BoundSpec spec(Path file, String... overrides) {
        return new BoundSpec(bind(file, overrides), dataRoot);
    }

    /** The runner of {@code config}, tracking with {@code runTracker}, wired as {@code genlab run} wires it. */
    public ExperimentRunner runner(ExperimentConfig config, Tracker runTracker) {
        Console output = new Console(new PrintStream(console, true, StandardCharsets.UTF_8), false, false);
        return new RunnerModule(config, runTracker, output, dataRoot, memory).runner();
    }

    /** Runs the spec to the end with {@code runTracker}. */
    public RunResult run(Tracker runTracker, String yaml, String... overrides) {
        return runner(bind(yaml, overrides), runTracker).run();
    }

    /** Runs the spec to the end, recorded in memory; a failed run throws, and {@link #lastRun()} holds it. */
    public RecordedRun run(String yaml, String... overrides) {
        RunResult result = run(tracker, yaml, overrides);
        return new RecordedRun(tracker.lastRun(), result.testMetrics());
    }

    /** The last run {@link #run(String, String...)} recorded, finished or not. */
    public RecordedRun lastRun() {
        return new RecordedRun(tracker.lastRun(), Map.of());
    }

    /** Every run recorded in memory so far, oldest first. */
    public List<RecordedRun> runs() {
        return tracker.runs().stream().map(run -> new RecordedRun(run, Map.of())).toList();
    }

    /** A log that records in memory what a model logs through it, for tests that call a model by hand. */
    public static RecordedRun log(String name) {
        return new RecordedRun(new InMemoryTracker().start(new RunRequest("tests", name,
                Map.of())), Map.of());
    }

    /** What the runner printed so far. */
    public String console() {
        return console.toString(StandardCharsets.UTF_8);
    }
}
