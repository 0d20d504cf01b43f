package dev.genlab.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The directions the code depends in, read from the sources' imports: plugins see only the plugin API, its
 * support helpers and the evaluation scores (and, in their tests, the test fixture), the API only the JDK and
 * ND4J's array types, tracking not core, the command line nobody but the subcommands that plug into it, and the
 * packages of core and of tracking form no cycle.
 */
class ImportDirectionTest {
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);
    private static final Path ROOT = repository();

    @Test
    void pluginsImportOnlyTheApiSupportAndEvaluationAndInTheirTestsTheFixture() {
        List<String> wrong = new ArrayList<>();
        for (Path plugin : directories(ROOT.resolve("plugins"))) {
            Predicate<String> allowed = name -> !name.startsWith("dev.genlab.")
                    || name.startsWith("dev.genlab.plugins." + plugin.getFileName() + ".")
                    || name.startsWith("dev.genlab.api.") || name.startsWith("dev.genlab.support.")
                    || name.startsWith("dev.genlab.evaluation.");
            wrong.addAll(importsNotAllowed(plugin.resolve("src/main/java"), allowed));
            wrong.addAll(importsNotAllowed(plugin.resolve("src/test/java"),
                    allowed.or(name -> name.startsWith("dev.genlab.testing."))));
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void theApiImportsOnlyTheJdkAndNd4jsArrays() {
        assertThat(importsNotAllowed(ROOT.resolve("framework/api/src/main/java"), name -> name.startsWith("java.")
                || name.startsWith("dev.genlab.api.") || name.startsWith("org.nd4j.linalg.api.")
                || name.equals("org.nd4j.linalg.factory.Nd4j"))).isEmpty();
    }

    @Test
    void supportImportsOnlyTheApiTheJdkNd4jAndOneDnn() {
        assertThat(importsNotAllowed(ROOT.resolve("framework/support/src/main/java"), name -> name.startsWith("java.")
                || name.startsWith("javax.imageio.") || name.startsWith("dev.genlab.api.")
                || name.startsWith("dev.genlab.support.") || name.startsWith("org.nd4j.linalg.")
                || name.startsWith("org.nd4j.autodiff.")
                // ND4J's native API, shared by its CPU and CUDA backends: OpenMP's thread count (OneThread)
                || name.startsWith("org.nd4j.nativeblas.")
                // oneDNN through JavaCPP's presets (Dnnl), and JavaCPP's pointers and loader
                || name.startsWith("org.bytedeco.dnnl.") || name.startsWith("org.bytedeco.javacpp."))).isEmpty();
    }

    @Test
    void theFrameworkNamesNoConcretePluginNorTheFixture() {
        List<String> wrong = new ArrayList<>();
        for (String module : List.of("framework/api", "framework/support", "framework/core", "framework/cli",
                "framework/mlflow-server", "framework/tracking")) {
            wrong.addAll(importsNotAllowed(ROOT.resolve(module).resolve("src/main/java"),
                    name -> !name.startsWith("dev.genlab.plugins.") && !name.startsWith("dev.genlab.testing.")));
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void trackingDoesNotImportCore() {
        assertThat(importsNotAllowed(ROOT.resolve("framework/tracking/src/main/java"),
                name -> !name.startsWith("dev.genlab.") || name.startsWith("dev.genlab.tracking.")
                        || name.startsWith("dev.genlab.api.") || name.startsWith("dev.genlab.mlflow.server.")))
                .isEmpty();
    }

    /** Outside its module, the command line is a place to plug subcommands into (genlab sweep), nothing more. */
    @Test
    void theCommandLineIsImportedOnlyForItsSubcommandSpi() {
        List<String> wrong = new ArrayList<>();
        for (Path module : modules()) {
            if (module.endsWith(Path.of("framework", "cli"))) {
                continue;
            }
            boolean below = Stream.of("framework/api", "framework/core", "framework/tracking")
                    .anyMatch(name -> module.equals(ROOT.resolve(name)));
            wrong.addAll(importsNotAllowed(module.resolve("src/main/java"), name -> !name.startsWith("dev.genlab.cli.")
                    || !below && name.equals("dev.genlab.cli.Subcommand")));
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void thePackagesOfCoreFormNoCycle() {
        Map<String, Set<String>> uses = packageUses(ROOT.resolve("framework/core/src/main/java"), "dev.genlab.core");
        assertThat(uses).containsKeys("dev.genlab.core.environment", "dev.genlab.core.plugin", "dev.genlab.core.run",
                "dev.genlab.core.sampling", "dev.genlab.core.spec");
        assertNoCycle(uses);
    }

    @Test
    void thePackagesOfTrackingFormNoCycle() {
        Map<String, Set<String>> uses = packageUses(ROOT.resolve("framework/tracking/src/main/java"),
                "dev.genlab.tracking");
        assertThat(uses).containsKeys("dev.genlab.tracking", "dev.genlab.tracking.images",
                "dev.genlab.tracking.journal", "dev.genlab.tracking.memory", "dev.genlab.tracking.mlflow",
                "dev.genlab.tracking.rest");
        assertNoCycle(uses);
    }

    private static void assertNoCycle(Map<String, Set<String>> uses) {
        for (String start : uses.keySet()) {
            assertThat(reachable(start, uses)).as("packages %s reaches (%s)", start, uses).doesNotContain(start);
        }
    }

    /** For each package under {@code prefix} in {@code sources}, the other packages under {@code prefix} it imports. */
    private static Map<String, Set<String>> packageUses(Path sources, String prefix) {
        Map<String, Set<String>> uses = new TreeMap<>();
        imports(sources).forEach((file, imported) -> {
            String own = packageOf(ROOT.resolve(file).getParent(), sources);
            Set<String> used = uses.computeIfAbsent(own, name -> new TreeSet<>());
            imported.stream()
                    .filter(target -> target.startsWith(prefix + "."))
                    .map(ImportDirectionTest::packageOfImport)
                    .filter(target -> !target.equals(own))
                    .forEach(used::add);
        });
        return uses;
    }

    private static String packageOf(Path directory, Path sources) {
        return sources.relativize(directory).toString().replace(directory.getFileSystem().getSeparator(), ".");
    }

    /** The package of an imported name: its segments up to the first that starts with a capital (a type). */
    private static String packageOfImport(String name) {
        List<String> segments = new ArrayList<>();
        for (String segment : name.split("\\.")) {
            if (Character.isUpperCase(segment.charAt(0))) {
                break;
            }
            segments.add(segment);
        }
        return String.join(".", segments);
    }

    private static Set<String> reachable(String start, Map<String, Set<String>> uses) {
        Set<String> seen = new HashSet<>();
        List<String> todo = new ArrayList<>(uses.getOrDefault(start, Set.of()));
        while (!todo.isEmpty()) {
            String next = todo.remove(todo.size() - 1);
            if (seen.add(next)) {
                todo.addAll(uses.getOrDefault(next, Set.of()));
            }
        }
        return seen;
    }

    /** The imports of the Java files below {@code sources} that {@code allowed} refuses, as "file imports name". */
    private static List<String> importsNotAllowed(Path sources, Predicate<String> allowed) {
        List<String> wrong = new ArrayList<>();
        imports(sources).forEach((file, imported) -> imported.stream()
                .filter(allowed.negate())
                .forEach(name -> wrong.add(file + " imports " + name)));
        return wrong;
    }

    /** The imports of every Java file below {@code directory}, by file. */
    private static Map<Path, List<String>> imports(Path directory) {
        Map<Path, List<String>> all = new TreeMap<>();
        if (!Files.isDirectory(directory)) {
            return all;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                Matcher matcher = IMPORT.matcher(Files.readString(file));
                List<String> names = new ArrayList<>();
                while (matcher.find()) {
                    names.add(matcher.group(1));
                }
                all.put(ROOT.relativize(file), names);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    /** Every Maven module of the repository: the directories of framework/ and plugins/. */
    private static List<Path> modules() {
        List<Path> modules = new ArrayList<>(directories(ROOT.resolve("framework")));
        modules.addAll(directories(ROOT.resolve("plugins")));
        assertThat(modules).contains(ROOT.resolve("framework/cli"), ROOT.resolve("framework/sweep"));
        return modules;
    }

    private static List<Path> directories(Path parent) {
        try (Stream<Path> children = Files.list(parent)) {
            return children.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository's root, found by walking up from the module. */
    private static Path repository() {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("framework/api")) && Files.isDirectory(dir.resolve("plugins"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository above " + Paths.get("").toAbsolutePath());
    }
}
