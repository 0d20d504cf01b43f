package dev.genlab.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.core.spec.SpecReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SweepPlanTest {
    private static final String SPEC = """
            seed: 42
            dataset: {type: mnist}
            model: {type: ae}
            training: {epochs: 1}
            sweep:
              grid:
                model.hiddenSizes: [[16], [32]]
                training.optimizer.learningRate: [1e-3, 3e-4]
              seeds: [1, 2, 3]
              parallel: 2
            """;

    @Test
    void theSpecsGridAndSeedsMakeEveryCombinationSeedsInnermost() {
        SweepSection.Result result = read(SPEC, none()).orElseThrow();
        List<Trial> trials = SweepPlan.expand(result.definition(), result.seedsSource());

        assertThat(trials).hasSize(12);
        assertThat(result.definition().parallel()).isEqualTo(2);
        assertThat(trials.get(0).label()).isEqualTo("model.hiddenSizes=[16] training.optimizer.learningRate=0.001"
                + " seed=1");
        assertThat(trials.get(5).label()).isEqualTo("model.hiddenSizes=[16] training.optimizer.learningRate=3.0E-4"
                + " seed=3");
        assertThat(trials.get(11).configuration()).isEqualTo(3);
        assertThat(trials.stream().map(Trial::label).distinct()).hasSize(12);
    }

    @Test
    void theCommandLineReplacesTheSpecsValuesKeyByKey() {
        SweepArguments cli = SweepArguments.parse(List.of("spec.yaml", "--grid", "model.hiddenSizes=[8],[16,16]",
                "--seeds", "7", "--parallel", "1"));
        SweepSection.Result result = read(SPEC, cli).orElseThrow();
        List<Trial> trials = SweepPlan.expand(result.definition(), result.seedsSource());

        assertThat(trials).extracting(Trial::label).containsExactly(
                "training.optimizer.learningRate=0.001 model.hiddenSizes=[8] seed=7",
                "training.optimizer.learningRate=0.001 model.hiddenSizes=[16,16] seed=7",
                "training.optimizer.learningRate=3.0E-4 model.hiddenSizes=[8] seed=7",
                "training.optimizer.learningRate=3.0E-4 model.hiddenSizes=[16,16] seed=7");
        assertThat(result.definition().parallel()).isEqualTo(1);
    }

    @Test
    void randomSearchDrawsLogUniformlyWithinTheRangeAndRepeats() {
        SweepArguments cli = SweepArguments.parse(List.of("spec.yaml", "--random", "400",
                "--range", "training.optimizer.learningRate=1e-4..1e-2:log", "--range", "model.latentDim=8..64",
                "--choice", "training.batchSize=32,64"));
        String spec = "dataset: mnist\nmodel: ae\n";
        List<Trial> trials = SweepPlan.expand(read(spec, cli).orElseThrow().definition(), "");
        List<Double> rates = new ArrayList<>();
        for (Trial trial : trials) {
            rates.add(Double.parseDouble(trial.overrides().get(0).substring("training.optimizer.learningRate="
                    .length())));
            assertThat(trial.overrides().get(1)).matches("model.latentDim=([89]|[1-5][0-9]|6[0-4])");
            assertThat(trial.overrides().get(2)).isIn("training.batchSize=32", "training.batchSize=64");
        }

        assertThat(rates).allMatch(rate -> rate >= 1e-4 && rate <= 1e-2);
        // log-uniform: half below the geometric middle 1e-3 (uniform would put 9% there)
        assertThat(rates.stream().filter(rate -> rate < 1e-3).count()).isBetween(160L, 240L);
        assertThat(SweepPlan.expand(read(spec, cli).orElseThrow().definition(), ""))
                .extracting(Trial::label).isEqualTo(trials.stream().map(Trial::label).toList());
    }

    @Test
    void theSectionsProblemsNameTheirLines() {
        String spec = """
                dataset: mnist
                model: ae
                sweep:
                  grid:
                    model.hiddenSizes: 16
                  seeds: [1, x]
                  paralel: 2
                """;
        List<String> problems = new ArrayList<>();
        SweepSection.read(SpecReader.parse("s.yaml", spec), none(), problems);

        assertThat(problems).containsExactlyInAnyOrder(
                "sweep.paralel: unknown key (a sweep section has grid, parallel, random, seeds) (line 7)",
                "sweep.grid.model.hiddenSizes: expected a list of the values to try, such as [8, 16, 32] (line 5)",
                "sweep.seeds: expected whole numbers, got 'x' (line 6)");
    }

    private static Optional<SweepSection.Result> read(String spec, SweepArguments arguments) {
        List<String> problems = new ArrayList<>();
        Optional<SweepSection.Result> result = SweepSection.read(SpecReader.parse("s.yaml", spec), arguments,
                problems);
        assertThat(problems).isEmpty();
        return result;
    }

    private static SweepArguments none() {
        return SweepArguments.parse(List.of("spec.yaml"));
    }
}
