package dev.genlab.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The genlab command as a user meets it: listings, validation messages and exit codes. */
class CommandLineTest {
    @Test
    void pluginsListsEveryBundledPluginWithItsParameters() {
        Cli cli = Cli.run("plugins");

        assertThat(cli.status()).isZero();
        assertThat(cli.out()).contains("Datasets (type: <name>)", "Models (type: <name>)",
                "  mnist - ", "  fashion-mnist - ", "  ae - dense autoencoder");
        assertThat(cli.out()).containsPattern("hiddenSizes +list of integers >= 1 +\\[32\\] +encoder layer sizes");
        assertThat(cli.out()).containsPattern("trainSubset +integer >= 1 <= 60000 +\\(none\\) +use only the first n");
        assertThat(cli.out()).containsPattern("activation +one of relu, leaky-relu, elu, tanh, sigmoid +relu");
    }

    @Test
    void anInvalidSpecIsReportedWithoutAStackTrace(@TempDir Path directory) throws IOException {
        Path spec = directory.resolve("broken.yaml");
        Files.writeString(spec, """
                experiment: broken
                dataset:
                  type: mnst
                model:
                  type: ae
                  hiddenSize: [16]
                training:
                  epochs: 1
                  batchSize: 0
                """);

        Cli cli = Cli.run("run", spec.toString(), "--set", "model.activation=relu6");

        assertThat(cli.status()).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("error [config]: Invalid spec " + spec + " (4 problems):\n"
                + "  - dataset.type: unknown dataset plugin 'mnst' (did you mean 'mnist'?); known datasets: "
                + "fashion-mnist, mnist (line 3)\n"
                + "  - model.hiddenSize: unknown key (did you mean 'hiddenSizes'?) (line 6)\n"
                + "  - training.batchSize: must be >= 1, got 0 (line 9)\n"
                + "  - model.activation: 'relu6' is not one of relu, leaky-relu, elu, tanh, sigmoid (did you mean "
                + "'relu'?) (--set model.activation=relu6)\n");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void aFiftyMegabyteSpecIsRejectedBeforeItIsReadInASmallHeap(@TempDir Path directory) throws Exception {
        Path spec = directory.resolve("huge.yaml");
        byte[] line = ("description: " + "x".repeat(1000) + "\n").getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(spec)) {
            for (long written = 0; written < 50L << 20; written += line.length) {
                out.write(line);
            }
        }
        Process genlab = new ProcessBuilder(GenlabProcess.command(List.of("-Xmx64m"), "validate", spec.toString()))
                .redirectErrorStream(true).start();
        String output = new String(genlab.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(genlab.waitFor()).as(output).isEqualTo(2);
        assertThat(output).isEqualTo("error [config]: Invalid spec " + spec + ":\n  - the file has "
                + String.format(Locale.ROOT, "%,d", Files.size(spec)) + " bytes; a spec may have at most 1,048,576\n");
    }

    @Test
    void runningOutOfMemorySaysWhichLimitsThisJvmHasAndHowToRaiseThem(@TempDir Path directory) throws Exception {
        // a resident-memory cap above the 46 MiB the spec's plan needs (so validation lets it run) but below what a
        // JVM with ND4J's native libraries and the data resides in: an allocation during the run exceeds it
        Process genlab = new ProcessBuilder(GenlabProcess.command(List.of("-Xmx512m",
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=120m", "-Dorg.bytedeco.javacpp.maxretries=1"), "run",
                Cli.repository().resolve("experiments/ae-mnist-quick.yaml").toString(), "--set", "tracking.uri=none"))
                .directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(genlab.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(genlab.waitFor()).as(output).isEqualTo(1);
        assertThat(output).containsPattern("error \\[memory\\]: out of memory \\(.*physicalBytes")
                .contains("This JVM's limits: -Xmx512m -Dorg.bytedeco.javacpp.maxphysicalbytes=120m. Give it more in "
                        + "GENLAB_JAVA_OPTS");
        assertThat(output).doesNotContain("\tat ", "Exception in thread");
    }

    @Test
    void usageMistakesExitWithTwo() {
        Cli missingSpec = Cli.run("run");
        assertThat(missingSpec.status()).isEqualTo(2);
        assertThat(missingSpec.err()).startsWith("error [config]: 'run' needs a spec file");

        Cli unknown = Cli.run("trian", "x.yaml");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("error [config]: unknown command 'trian'").contains("Usage: genlab");

        Cli notFound = Cli.run("validate", "no/such/spec.yaml");
        assertThat(notFound.status()).isEqualTo(2);
        assertThat(notFound.err()).isEqualTo("error [config]: Spec file not found: no/such/spec.yaml\n");
    }

    @Test
    void syncTakesOnlyATrackingUriAndSaysWhenThereIsNothingToSend(@TempDir Path directory) {
        Cli wrong = Cli.runIn(directory, "sync", "--set", "model.type=ae");
        assertThat(wrong.status()).isEqualTo(2);
        assertThat(wrong.err()).startsWith("error [config]: 'sync' takes only --set tracking.uri=URI, got --set"
                + " model.type=ae");

        Cli nothing = Cli.runIn(directory, "sync");
        assertThat(nothing.status()).isZero();
        assertThat(nothing.err()).isEqualTo("No journaled runs in " + directory.resolve(".genlab/runs") + "\n");

        Cli notARun = Cli.runIn(directory, "sync", "elsewhere");
        assertThat(notARun.status()).isEqualTo(2);
        assertThat(notARun.err()).startsWith("error [config]: " + directory.resolve("elsewhere")
                + " is not a run's journal directory");
    }
}
