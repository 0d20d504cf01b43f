package dev.genlab.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genlab.api.GenLabException;
import dev.genlab.core.plugin.PluginRegistry;
import dev.genlab.core.spec.MemoryBudget;
import dev.genlab.core.spec.SpecBinder;
import dev.genlab.core.spec.SpecReader;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The invalid-spec corpus of the bundled plugins ({@code specs/invalid}), as framework/core's is for its test
 * plugin: each file's {@code # expect:} lines are the exact problems, bound with the {@code # set:} overrides and
 * a fixed memory budget of 4 GiB (the launcher's default), and {@code genlab validate} on it exits 2 and names no
 * Java exception.
 */
class SpecCorpusTest {
    private static final MemoryBudget BUDGET = new MemoryBudget(4L << 30, "a test budget");

    static Stream<Path> corpus() throws IOException, URISyntaxException {
        Path directory = Path.of(SpecCorpusTest.class.getResource("/specs/invalid").toURI());
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void reportsExactlyTheExpectedProblems(Path spec) throws IOException {
        List<String> expected = comments(spec, "# expect: ");
        assertThat(expected).as("expectations in " + spec.getFileName()).isNotEmpty();

        SpecBinder binder = new SpecBinder(PluginRegistry.discover(), BUDGET);
        assertThatThrownBy(() -> binder.bind(SpecReader.read(spec), comments(spec, "# set: ")))
                .isInstanceOfSatisfying(GenLabException.class, e -> {
                    assertThat(e.category()).isEqualTo(GenLabException.Category.CONFIG);
                    assertThat(e.problems()).containsExactlyElementsOf(expected);
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void validateExitsWithTwoAndNamesNoJavaException(Path spec) throws IOException {
        List<String> args = new ArrayList<>(List.of("validate", spec.toString()));
        comments(spec, "# set: ").forEach(override -> args.addAll(List.of("--set", override)));

        Cli cli = Cli.run(args.toArray(String[]::new));

        assertThat(cli.status()).as(cli.err()).isEqualTo(2);
        assertThat(cli.err()).startsWith("error [config]: Invalid spec " + spec)
                .doesNotContainPattern("[A-Za-z]+(Exception|Error)\\b")
                .doesNotContainPattern("\\n\\s+at [a-z]");
        assertThat(cli.out()).isEmpty();
    }

    private static List<String> comments(Path spec, String prefix) throws IOException {
        return new String(Files.readAllBytes(spec), StandardCharsets.UTF_8).lines()
                .filter(line -> line.startsWith(prefix))
                .map(line -> line.substring(prefix.length()))
                .toList();
    }
}
