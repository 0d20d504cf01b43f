package dev.genlab.sweep;

import static dev.genlab.sweep.SweepRuns.args;
import static dev.genlab.sweep.SweepRuns.genlab;
import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.testing.MlflowRest;
import dev.genlab.testing.WithMlflowServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@WithMlflowServer
class SweepTest {
    @Test
    void seedsRunAsChildRunsOfOneParentWithTheirMeanAndStd(URI tracking, MlflowRest mlflow, @TempDir Path work)
            throws IOException {
        // credentials in the address are used, and written nowhere (the test server ignores them)
        URI withPassword = URI.create("http://genlab:s3cret-pw@" + tracking.getAuthority());
        SweepRuns.Outcome outcome = genlab(work, args(List.of("sweep", SweepRuns.quickSpec()),
                args(SweepRuns.tiny(withPassword, "sweep-seeds"), "--seeds", "1,2", "--parallel", "2")
                        .toArray(String[]::new)));

        assertThat(outcome.status()).as(outcome.err()).isZero();
        assertThat(outcome.err()).doesNotContain("s3cret-pw");
        try (Stream<Path> files = Files.walk(work)) {
            assertThat(files.filter(Files::isRegularFile)).allSatisfy(file ->
                    assertThat(Files.readAllBytes(file)).asString(StandardCharsets.ISO_8859_1).as(file.toString())
                            .doesNotContain("s3cret-pw"));
        }
        assertThat(outcome.err()).contains("[sweep 2/2 done, 0 failed").contains("Sweep finished: 2 trials");
        MlflowRest.Run parent = SweepRuns.parent(mlflow, "sweep-seeds");
        assertThat(parent.status()).isEqualTo("FINISHED");
        assertThat(parent.params()).containsEntry("sweep.seeds", "1,2").containsEntry("sweep.trials", "2")
                .allSatisfy((key, value) -> assertThat(value).doesNotContain("s3cret-pw"));
        Map<Integer, MlflowRest.Run> children = SweepRuns.children(mlflow, "sweep-seeds", parent.runId());
        assertThat(children).containsOnlyKeys(0, 1);
        assertThat(children.get(1).runName()).isEqualTo("ae-mnist-quick #1 seed=2");
        assertThat(children.get(1).tags()).containsEntry("genlab.sweep.overrides", "seed=2");
        assertThat(children.get(1).params()).containsEntry("seed", "2");
        children.values().forEach(child -> assertThat(child.status()).isEqualTo("FINISHED"));
        SweepRuns.assertAggregate(parent, "", List.copyOf(children.values()));
        // quality scores keep their own names in the aggregates, as in the children
        assertThat(children.get(0).metrics()).containsKey("score/fd");
        assertThat(parent.metrics()).containsKey("score/fd/mean").containsKey("score/fd/std")
                .allSatisfy((key, value) -> assertThat(key).doesNotStartWith("test/score"));
        String trials = new String(mlflow.download(parent.runId(), "trials.csv"), StandardCharsets.UTF_8);
        assertThat(trials).startsWith("trial,configuration,overrides,status,run_id,test/bce,test/loss,test/mse")
                .contains("0,0,seed=1,FINISHED," + children.get(0).runId())
                .contains("1,0,seed=2,FINISHED," + children.get(1).runId());
    }

    @Test
    void everyProblemOfEveryTrialIsReportedBeforeAnythingRuns(@TempDir Path work) {
        SweepRuns.Outcome outcome = genlab(work, List.of("sweep", SweepRuns.quickSpec(),
                "--grid", "model.hiddenSize=[16],[32]", "--grid", "training.batchSize=32,many", "--seeds", "1,x"));

        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.err()).doesNotContain("Exception").contains("error [config]: Invalid sweep of ")
                .contains("(3 problems):")
                .contains("--seeds 1,x: expected a whole number, got 'x'");
        assertThat(work.resolve(".genlab")).doesNotExist();

        SweepRuns.Outcome types = genlab(work, List.of("sweep", SweepRuns.quickSpec(),
                "--grid", "model.hiddenSize=[16],[32]", "--grid", "training.batchSize=32,many"));
        assertThat(types.err().lines().toList()).containsExactly(
                "error [config]: Invalid sweep of " + SweepRuns.quickSpec() + " (2 problems):",
                "  - model.hiddenSize: unknown key (did you mean 'hiddenSizes'?) (--grid model.hiddenSize=[16],[32])",
                "  - training.batchSize: expected an integer, got 'many' (--grid training.batchSize=32,many)");

        SweepRuns.Outcome one = genlab(work, List.of("sweep", SweepRuns.quickSpec(), "--grid", "seed=1,2,two"));
        assertThat(one.status()).isEqualTo(2);
        assertThat(one.err().strip()).isEqualTo("error [config]: Invalid sweep of " + SweepRuns.quickSpec()
                + ": seed: expected an integer, got 'two' (--grid seed=1,2,two)");
        assertThat(work.resolve(".genlab")).doesNotExist();
    }
}
