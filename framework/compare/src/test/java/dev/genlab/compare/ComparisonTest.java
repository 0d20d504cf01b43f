package dev.genlab.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.tracking.rest.MlflowApi;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The tables' rules: which parameters are shown, which metrics, and which value is marked best. */
class ComparisonTest {
    @Test
    void onlyParametersThatDifferAreShownAndAMissingOneDiffers() {
        Comparison comparison = Comparison.of(List.of(
                run("a", Map.of("seed", "42", "model.hiddenSizes", "[32]", "training.epochs", "3"), Map.of()),
                run("b", Map.of("seed", "42", "model.hiddenSizes", "[64]"), Map.of())));

        assertThat(comparison.parameters()).extracting(Comparison.Row::key)
                .containsExactly("model.hiddenSizes", "training.epochs");
        assertThat(comparison.row("training.epochs").orElseThrow().cells()).containsExactly("3", Comparison.MISSING);
    }

    @Test
    void aParameterARunLeftAtItsDefaultShowsTheDefault() {
        Comparison comparison = Comparison.of(List.of(
                run("a", Map.of("model.type", "ae", "model.hiddenSizes", "[8]"), Map.of()),
                run("b", Map.of("model.type", "ae"), Map.of())),
                (params, key) -> key.equals("model.hiddenSizes") && "ae".equals(params.get("model.type"))
                        ? Optional.of("[32]") : Optional.empty());

        assertThat(comparison.row("model.hiddenSizes").orElseThrow().cells())
                .containsExactly("[8]", "[32] (default)");
    }

    @Test
    void finalMetricsAreTestAndScoreMetricsThenTheTrainingLosses() {
        Comparison comparison = Comparison.of(List.of(run("a", Map.of(), Map.of("train/loss", 0.3, "epoch", 3.0,
                "score/fd", 12.0, "test/mse", 0.04, "images_per_second", 9000.0, "train/epoch_loss", 0.31,
                "system/cpu_utilization_percentage", 50.0, "test/psnr", 14.0))));

        assertThat(comparison.metrics()).extracting(Comparison.Row::key)
                .containsExactly("test/mse", "test/psnr", "score/fd", "train/epoch_loss", "train/loss");
    }

    @Test
    void theBestValueIsTheLowestLossAndTheHighestPsnr() {
        Comparison comparison = Comparison.of(List.of(
                run("a", Map.of(), Map.of("test/loss", 0.05, "test/psnr", 13.0, "score/recall", 0.2)),
                run("b", Map.of(), Map.of("test/loss", 0.04, "test/psnr", 12.0, "score/recall", 0.2)),
                run("c", Map.of(), Map.of("test/loss", 0.04, "test/psnr", 11.0))));

        assertThat(comparison.row("test/loss").orElseThrow().best()).containsExactlyInAnyOrder(1, 2);
        assertThat(comparison.row("test/psnr").orElseThrow().best()).containsExactly(0);
        // equal where present: nothing is better
        assertThat(comparison.row("score/recall").orElseThrow().best()).isEmpty();
        assertThat(comparison.row("score/recall").orElseThrow().cells()).containsExactly("0.2", "0.2",
                Comparison.MISSING);
    }

    @Test
    void rulesSayWhichWayIsBetter() {
        assertThat(List.of("train/loss", "test/mse", "score/fd", "test/nll", "train/kl_loss", "test/reconstruction_mse",
                "time/train_seconds", "test/bce", "test/reconstruction")).allSatisfy(key -> assertThat(MetricRules.better(key)).as(key)
                .isEqualTo(MetricRules.Better.LOWER));
        assertThat(List.of("test/psnr", "score/precision", "score/recall", "test/elbo", "test/accuracy",
                "score/classes_covered", "score/class_entropy", "score/label_agreement", "score/tstr_accuracy",
                "test/accuracy/7")).allSatisfy(key -> assertThat(MetricRules.better(key))
                .as(key).isEqualTo(MetricRules.Better.HIGHER));
        assertThat(List.of("test/mse_mean_image", "score/classifier_accuracy", "epoch", "test/something",
                "test/mse_noisy"))
                .allSatisfy(key -> assertThat(MetricRules.better(key)).as(key).isEqualTo(MetricRules.Better.NEITHER));
    }

    @Test
    void nothingIsBestForAMetricWithoutADirectionOrWithOneValue() {
        assertThat(Comparison.best(MetricRules.Better.NEITHER, List.of(Optional.of(1.0), Optional.of(2.0)))).isEmpty();
        assertThat(Comparison.best(MetricRules.Better.LOWER, List.of(Optional.of(1.0), Optional.empty()))).isEmpty();
        assertThat(Comparison.best(MetricRules.Better.LOWER, List.of(Optional.of(Double.NaN), Optional.of(2.0),
                Optional.of(1.0)))).containsExactly(2);
    }

    @Test
    void theConsoleTableHasAColumnPerRunAndMarksTheBest() {
        Comparison comparison = Comparison.of(List.of(
                run("ae-mnist-quick", Map.of("model.hiddenSizes", "[32]"), Map.of("test/mse", 0.0357)),
                run("ae-mnist-quick-2", Map.of("model.hiddenSizes", "[64]"), Map.of("test/mse", 0.0291))));

        List<String> lines = ConsoleTable.render(comparison).lines().toList();

        assertThat(lines.get(0)).containsSubsequence("ae-mnist-quick", "ae-mnist-quick-2");
        assertThat(lines.get(1)).containsSubsequence("id-ae-mn", "id-ae-mn");
        assertThat(lines).contains("parameters that differ", "final metrics (* best)");
        assertThat(lines).anySatisfy(line -> assertThat(line).matches("  model\\.hiddenSizes +\\[32] +\\[64]"));
        assertThat(lines).anySatisfy(line -> assertThat(line).matches("  test/mse +0\\.0357 +0\\.0291 \\*"));
    }

    @Test
    void numbersKeepFiveSignificantDigits() {
        assertThat(Numbers.format(0.06695826822209314)).isEqualTo("0.066958");
        assertThat(Numbers.format(75.80324881547313)).isEqualTo("75.803");
        assertThat(Numbers.format(3.0)).isEqualTo("3");
        assertThat(Numbers.format(1.5e-7)).isEqualTo("1.5000e-07");
    }

    private static MlflowApi.RunRecord run(String name, Map<String, String> params, Map<String, Double> metrics) {
        return new MlflowApi.RunRecord("id-" + name + "-0123456789", "1", name, "FINISHED", 0, 0,
                "mlflow-artifacts:/1/x/artifacts", params, Map.of(), metrics);
    }
}
