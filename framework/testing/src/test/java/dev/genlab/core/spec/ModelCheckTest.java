package dev.genlab.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genlab.api.DatasetShape;
import dev.genlab.api.GenLabException;
import dev.genlab.api.ImageShape;
import dev.genlab.api.Model;
import dev.genlab.api.ModelContext;
import dev.genlab.api.ModelFactory;
import dev.genlab.api.ModelPlan;
import dev.genlab.api.Optimizer;
import dev.genlab.api.Problem;
import dev.genlab.api.TrainingSettings;
import dev.genlab.core.plugin.BoundModel;
import dev.genlab.core.plugin.PluginRegistry;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Sizing a model for its data before anything is built. */
class ModelCheckTest {
    private static final DatasetShape BARS = new DatasetShape(new ImageShape(1, 8, 8), List.of("h", "v"), 256, 64);
    private static final TrainingSettings TRAINING = new TrainingSettings(1, 0, 32, Optimizer.adam(1e-3));

    @Test
    void aModelThatFitsHasNoProblems() {
        assertThat(check(new MemoryBudget(1L << 30, "1 GiB")).problems(planned(context ->
                ModelPlan.builder().weights(64).activations(64).build()), new Parameters(), BARS, TRAINING, 7))
                .isEmpty();
    }

    @Test
    void memoryCountsParametersFiveTimesActivationsOfTheBatchThreeTimesAndTheData() {
        // 1,000 parameters x 5 x 4 bytes = 20,000; 100 values x 32 examples x 3 x 4 bytes = 38,400;
        // (256 + 64) images x 64 pixels x 4 bytes = 81,920: 140,320 bytes in all
        ModelFactory<Parameters> model = planned(context -> ModelPlan.builder().weights(10, 100).activations(100).build());

        assertThat(check(new MemoryBudget(140_320, "exactly enough")).problems(model, new Parameters(), BARS,
                TRAINING, 7)).isEmpty();
        assertThat(check(new MemoryBudget(140_319, "a test budget")).problems(model, new Parameters(), BARS,
                TRAINING, 7)).containsExactly("training would need about 137.0 KiB (1,000 parameters with their"
                + " gradients and optimiser state: 19.5 KiB; activations of a batch of 32: 37.5 KiB; the data: 80.0 KiB),"
                + " more than the 137.0 KiB ND4J may use here (a test budget); make the network or the batch smaller,"
                + " or give ND4J more memory in GENLAB_JAVA_OPTS");
    }

    @Test
    void theBatchCountsNoMoreExamplesThanTheTrainingSplitHolds() {
        ModelFactory<Parameters> model = planned(context -> ModelPlan.builder().activations(1_000_000).build());
        TrainingSettings hugeBatch = new TrainingSettings(1, 0, Integer.MAX_VALUE, Optimizer.adam(1e-3));

        assertThat(check(new MemoryBudget(1L << 40, "1 TiB")).problems(model, new Parameters(), BARS,
                hugeBatch, 7)).isEmpty();
        assertThat(check(new MemoryBudget(1L << 30, "1 GiB")).problems(model, new Parameters(), BARS,
                hugeBatch, 7)).singleElement().asString().contains("activations of a batch of 256: 2.9 GiB");
    }

    @Test
    void anArrayBeyondWhatAnArrayCanHoldIsRefusedWhateverTheMemory() {
        ModelFactory<Parameters> model = planned(context -> ModelPlan.builder()
                .weights(context.shape().pixels(), Integer.MAX_VALUE).build());

        assertThat(check(new MemoryBudget(Long.MAX_VALUE, "unlimited")).problems(model, new Parameters(),
                BARS, TRAINING, 7)).containsExactly("its largest array would hold 137,438,953,408 values, more than the"
                + " 2,147,483,639 an array can hold; make the network smaller");
    }

    @Test
    void sizesSaturateInsteadOfOverflowing() {
        ModelPlan plan = ModelPlan.builder().weights(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE)
                .weights(Long.MAX_VALUE).activations(Long.MAX_VALUE, 2).build();

        assertThat(plan.parameters()).isEqualTo(Long.MAX_VALUE);
        assertThat(plan.largestArray()).isEqualTo(Long.MAX_VALUE);
        assertThat(plan.valuesPerExample()).isEqualTo(Long.MAX_VALUE);
        assertThat(check(new MemoryBudget(Long.MAX_VALUE, "unlimited")).problems(
                planned(context -> ModelPlan.builder().weights(1).activations(Long.MAX_VALUE / 8).build()),
                new Parameters(), BARS, TRAINING, 7)).singleElement().asString()
                .startsWith("its largest array would hold 1,152,921,504,606,846,975 values");
    }

    @Test
    void aPluginsProblemsAndRefusedValuesAreReportedAsProblems() {
        assertThat(check(new MemoryBudget(1L << 30, "1 GiB")).problems(planned(context ->
                        ModelPlan.invalid(Problem.of("depth", "too deep for 8x8 images"))), new Parameters(), BARS,
                TRAINING, 7)).containsExactly("depth: too deep for 8x8 images");
        assertThat(check(new MemoryBudget(1L << 30, "1 GiB")).problems(planned(context -> {
            throw new IllegalArgumentException("depth: must be even");
        }), new Parameters(), BARS, TRAINING, 7)).containsExactly("depth: must be even");
    }

    @Test
    void aPluginThatCannotTellIsNotChecked() {
        assertThat(check(new MemoryBudget(1, "one byte")).problems(new Unplanned(), new Parameters(), BARS,
                TRAINING, 7)).isEmpty();
    }

    @Test
    void bindingRefusesAModelTooLargeForTheDataItNames() {
        SpecBinder binder = new SpecBinder(PluginRegistry.discover(), new MemoryBudget(100_000, "a test budget"));

        assertThatThrownBy(() -> binder.bind(SpecReader.parse("spec.yaml", """
                experiment: tests
                dataset: {type: bars, side: 16}
                model: mean-image
                training: {epochs: 1}
                """), List.of())).isInstanceOfSatisfying(GenLabException.class, e -> assertThat(e.problems())
                .containsExactly("model: training would need about 1.0 MiB (256 parameters with their gradients and"
                        + " optimiser state: 5.0 KiB; activations of a batch of 128: 384.0 KiB; the data: 640.0 KiB),"
                        + " more than the 97.7 KiB ND4J may use here (a test budget); make the network or the batch"
                        + " smaller, or give ND4J more memory in GENLAB_JAVA_OPTS (line 3)"));
        assertThat(binder.bind(SpecReader.parse("spec.yaml", """
                experiment: tests
                dataset: {type: bars, side: 4, trainSize: 16, testSize: 16}
                model: mean-image
                training: {epochs: 1}
                """), List.of()).dataset().type()).isEqualTo("bars");
    }

    /** A model check whose problems read as the command line prints them. */
    private static Check check(MemoryBudget budget) {
        return new Check(new ModelCheck(budget));
    }

    private record Check(ModelCheck check) {
        List<String> problems(ModelFactory<Parameters> factory, Parameters parameters, DatasetShape data,
                TrainingSettings training, long seed) {
            return check.problems(new BoundModel<>(factory, parameters), data, training, seed).stream()
                    .map(Problem::toString).toList();
        }
    }

    /** A model plugin that only plans; nothing is ever built. */
    record Parameters() {
    }

    private static ModelFactory<Parameters> planned(Function<ModelContext, ModelPlan> plan) {
        return new Unplanned() {
            @Override
            public Optional<ModelPlan> plan(Parameters parameters, ModelContext context) {
                return Optional.of(plan.apply(context));
            }
        };
    }

    private static class Unplanned implements ModelFactory<Parameters> {
        @Override
        public String name() {
            return "planned";
        }

        @Override
        public String description() {
            return "plans only";
        }

        @Override
        public Parameters defaults() {
            return new Parameters();
        }

        @Override
        public Model create(Parameters parameters, ModelContext context) {
            throw new UnsupportedOperationException("never built in these tests");
        }
    }
}
