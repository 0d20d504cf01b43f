package dev.genlab.sweep.spark;

import static dev.genlab.sweep.SweepRuns.args;
import static dev.genlab.sweep.SweepRuns.genlab;
import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.sweep.SweepRuns;
import dev.genlab.testing.MlflowRest;
import dev.genlab.testing.WithMlflowServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 2x2 grid of the quick spec as Spark tasks on local[2], logged from the tasks to a real MLflow server. */
@WithMlflowServer
class SparkLocalSweepTest {
    @Test
    void gridRunsAsFourChildRunsUnderOneParentWithAggregates(URI tracking, MlflowRest mlflow, @TempDir Path work) {
        SweepRuns.Outcome outcome = genlab(work, args(List.of("sweep", SweepRuns.quickSpec(), "--spark", "local[2]",
                "--grid", "model.hiddenSizes=[16],[32]", "--seeds", "1,2"),
                SweepRuns.tiny(tracking, "spark-local").toArray(String[]::new)));

        assertThat(outcome.status()).as(outcome.err()).isZero();
        assertThat(outcome.err()).contains("on Spark at local[2]").contains("Sweep finished: 4 trials");
        MlflowRest.Run parent = SweepRuns.parent(mlflow, "spark-local");
        assertThat(parent.status()).isEqualTo("FINISHED");
        assertThat(parent.params()).containsEntry("config0", "model.hiddenSizes=[16]")
                .containsEntry("config1", "model.hiddenSizes=[32]").containsEntry("sweep.executor", "spark local[2]");
        Map<Integer, MlflowRest.Run> children = SweepRuns.children(mlflow, "spark-local", parent.runId());
        assertThat(children).containsOnlyKeys(0, 1, 2, 3);
        children.values().forEach(child -> assertThat(child.status()).isEqualTo("FINISHED"));
        assertThat(children.get(2).runName()).isEqualTo("ae-mnist-quick #2 model.hiddenSizes=[32] seed=1");
        assertThat(children.get(2).params()).containsEntry("model.hiddenSizes", "[32]").containsEntry("seed", "1");
        SweepRuns.assertAggregate(parent, "config0/", List.of(children.get(0), children.get(1)));
        SweepRuns.assertAggregate(parent, "config1/", List.of(children.get(2), children.get(3)));
        String configurations = new String(mlflow.download(parent.runId(), "configurations.csv"),
                StandardCharsets.UTF_8);
        assertThat(configurations.lines()).hasSize(3).element(2).asString().startsWith("1,model.hiddenSizes=[32],2,");
    }

    @Test
    void sparkWithoutATrackingServerIsRefusedBeforeAnythingRuns(@TempDir Path work) {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("MLFLOW_TRACKING_URI") == null);
        SweepRuns.Outcome outcome = genlab(work, List.of("sweep", SweepRuns.quickSpec(), "--spark", "local[2]",
                "--seeds", "1,2"));

        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.err().strip()).startsWith("error [config]: --spark: trials log to MLflow straight from"
                + " Spark's executors, so they need a tracking server they can reach").doesNotContain("\n");
        assertThat(work.resolve(".genlab")).doesNotExist();
    }
}
