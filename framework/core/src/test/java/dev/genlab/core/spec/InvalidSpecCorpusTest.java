package dev.genlab.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genlab.api.GenLabException;
import dev.genlab.core.plugin.PluginRegistry;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in {@code specs/invalid} is a spec with mistakes; its {@code # expect:} comment lines are the
 * exact problems the binder must report, in order.
 */
class InvalidSpecCorpusTest {
    private static final String EXPECT = "# expect: ";

    static Stream<Path> corpus() throws IOException, URISyntaxException {
        Path directory = Path.of(InvalidSpecCorpusTest.class.getResource("/specs/invalid").toURI());
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void reportsExactlyTheExpectedProblems(Path spec) throws IOException {
        List<String> expected = Files.readAllLines(spec).stream()
                .filter(line -> line.startsWith(EXPECT))
                .map(line -> line.substring(EXPECT.length()))
                .toList();
        assertThat(expected).as("expectations in " + spec.getFileName()).isNotEmpty();

        SpecBinder binder = new SpecBinder(PluginRegistry.discover());
        assertThatThrownBy(() -> binder.bind(SpecReader.read(spec), List.of()))
                .isInstanceOfSatisfying(GenLabException.class, e -> {
                    assertThat(e.category()).isEqualTo(GenLabException.Category.CONFIG);
                    assertThat(e.getMessage()).startsWith("Invalid spec " + spec);
                    assertThat(e.problems()).containsExactlyElementsOf(expected);
                });
    }
}
