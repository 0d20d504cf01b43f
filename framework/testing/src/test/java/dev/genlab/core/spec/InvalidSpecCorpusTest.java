package dev.genlab.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genlab.api.GenLabException;
import dev.genlab.core.plugin.PluginRegistry;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in {@code specs/invalid} is a spec with mistakes; its {@code # expect:} comment lines are the
 * exact problems the binder must report, in order, when it is bound with the overrides of its {@code # set:}
 * lines.
 */
class InvalidSpecCorpusTest {
    private static final String EXPECT = "# expect: ";
    private static final String SET = "# set: ";

    static Stream<Path> corpus() throws IOException, URISyntaxException {
        Path directory = Path.of(InvalidSpecCorpusTest.class.getResource("/specs/invalid").toURI());
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void reportsExactlyTheExpectedProblems(Path spec) throws IOException {
        List<String> expected = comments(spec, EXPECT);
        assertThat(expected).as("expectations in " + spec.getFileName()).isNotEmpty();

        SpecBinder binder = new SpecBinder(PluginRegistry.discover());
        assertThatThrownBy(() -> binder.bind(SpecReader.read(spec), comments(spec, SET)))
                .isInstanceOfSatisfying(GenLabException.class, e -> {
                    assertThat(e.category()).isEqualTo(GenLabException.Category.CONFIG);
                    assertThat(e.getMessage()).startsWith("Invalid spec " + spec);
                    assertThat(e.problems()).containsExactlyElementsOf(expected);
                });
    }

    /** The text after {@code prefix} on the lines that start with it; the file may hold bytes that are not UTF-8. */
    static List<String> comments(Path spec, String prefix) throws IOException {
        return new String(Files.readAllBytes(spec), StandardCharsets.UTF_8).lines()
                .filter(line -> line.startsWith(prefix))
                .map(line -> line.substring(prefix.length()))
                .toList();
    }
}
