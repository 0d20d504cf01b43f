package dev.genlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code genlab validate} on every spec of the test corpus, valid or not, as a user meets it: exit status 0 or 2,
 * and messages about the spec, never the name of a Java exception or a stack trace.
 */
class ValidateCorpusTest {
    static Stream<Path> corpus() throws IOException, URISyntaxException {
        List<Path> specs = new ArrayList<>();
        for (String kind : List.of("valid", "invalid")) {
            Path directory = Path.of(ValidateCorpusTest.class.getResource("/specs/" + kind).toURI());
            try (Stream<Path> files = Files.list(directory)) {
                files.filter(file -> file.toString().endsWith(".yaml")).sorted().forEach(specs::add);
            }
        }
        return specs.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void validateExitsWithZeroOrTwoAndNamesNoJavaException(Path spec, @TempDir Path workDir) throws IOException {
        List<String> args = new ArrayList<>(List.of("validate", spec.toString()));
        for (String line : new String(Files.readAllBytes(spec), StandardCharsets.UTF_8).lines().toList()) {
            if (line.startsWith("# set: ")) {
                args.addAll(List.of("--set", line.substring("# set: ".length())));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), workDir).execute(args.toArray(String[]::new));

        String printed = err.toString(StandardCharsets.UTF_8) + out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(printed).isIn(0, 2);
        assertThat(printed).as("the spec's problems, in words")
                .doesNotContainPattern("[A-Za-z]+(Exception|Error)\\b")
                .doesNotContainPattern("\\n\\s+at [a-z]")
                .doesNotContain("error [internal]")
                .doesNotContain("\u001b");
        if (spec.getParent().getFileName().toString().equals("invalid")) {
            assertThat(status).isEqualTo(2);
            assertThat(printed).startsWith("error [config]: ");
        }
    }
}
