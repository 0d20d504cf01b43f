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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The directions the code depends in, read from the sources' imports: plugins see only the plugin API (and, in
 * their tests, the test fixture), the API only the JDK and ND4J's array types, and the packages of core form no
 * cycle.
 */
class ImportDirectionTest {
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);
    private static final Path ROOT = repository();

    @Test
    void pluginsImportOnlyTheApiAndInTheirTestsTheFixture() {
        List<String> wrong = new ArrayList<>();
        for (Path plugin : directories(ROOT.resolve("plugins"))) {
            String own = "dev.genlab.plugins." + plugin.getFileName();
            imports(plugin.resolve("src/main/java")).forEach((file, imported) -> imported.stream()
                    .filter(name -> name.startsWith("dev.genlab.") && !name.startsWith(own + ".")
                            && !name.startsWith("dev.genlab.api."))
                    .forEach(name -> wrong.add(file + " imports " + name)));
            imports(plugin.resolve("src/test/java")).forEach((file, imported) -> imported.stream()
                    .filter(name -> name.startsWith("dev.genlab.") && !name.startsWith(own + ".")
                            && !name.startsWith("dev.genlab.api.") && !name.startsWith("dev.genlab.testing."))
                    .forEach(name -> wrong.add(file + " imports " + name)));
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void theApiImportsOnlyTheJdkAndNd4jsArrays() {
        List<String> wrong = new ArrayList<>();
        imports(ROOT.resolve("framework/api/src/main/java")).forEach((file, imported) -> imported.stream()
                .filter(name -> !name.startsWith("java.") && !name.startsWith("javax.imageio.")
                        && !name.startsWith("dev.genlab.api.") && !name.startsWith("org.nd4j.linalg."))
                .forEach(name -> wrong.add(file + " imports " + name)));
        assertThat(wrong).isEmpty();
    }

    @Test
    void theFrameworkNamesNoConcretePluginNorTheFixture() {
        List<String> wrong = new ArrayList<>();
        for (String module : List.of("framework/api", "framework/core", "framework/mlflow-server")) {
            imports(ROOT.resolve(module).resolve("src/main/java")).forEach((file, imported) -> imported.stream()
                    .filter(name -> name.startsWith("dev.genlab.plugins.") || name.startsWith("dev.genlab.testing."))
                    .forEach(name -> wrong.add(file + " imports " + name)));
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void thePackagesOfCoreFormNoCycle() {
        Path core = ROOT.resolve("framework/core/src/main/java/dev/genlab/core");
        Map<String, Set<String>> uses = new TreeMap<>();
        for (Path pkg : directories(core)) {
            String name = pkg.getFileName().toString();
            Set<String> used = new TreeSet<>();
            imports(pkg).values().forEach(imported -> imported.stream()
                    .filter(target -> target.startsWith("dev.genlab.core."))
                    .map(target -> target.substring("dev.genlab.core.".length()).split("\\.")[0])
                    .filter(target -> !target.equals(name))
                    .forEach(used::add));
            uses.put(name, used);
        }
        assertThat(uses).containsKeys("cli", "plugin", "run", "spec", "tracking");
        for (String start : uses.keySet()) {
            assertThat(reachable(start, uses)).as("packages %s reaches (%s)", start, uses).doesNotContain(start);
        }
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
