package dev.genlab.plugins.gan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.api.Problem;
import dev.genlab.api.ImageShape;
import dev.genlab.api.ModelContext;
import dev.genlab.api.ModelPlan;
import dev.genlab.api.Optimizer;
import dev.genlab.api.TrainingSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The factory's plan counts exactly the trainable weights of the networks it builds. */
class GanModelPlanTest {
    private static ModelContext context(ImageShape shape) {
        return new ModelContext(shape, List.of("a", "b"), new TrainingSettings(0, 10, 64, Optimizer.adam(2e-4)), 42);
    }

    @Test
    void thePlanCountsBothNetworksWeights() {
        for (GanParameters parameters : List.of(GanParameters.DEFAULTS, new GanParameters(8, 12, 3, 0.4, 0.3, 0.9, 4))) {
            ImageShape shape = new ImageShape(3, 32, 28);
            ModelPlan plan = new GanModelFactory().plan(parameters, context(shape)).orElseThrow();
            GanWeights weights = GanWeights.initialise(new Architecture(parameters, shape));

            assertThat(plan.problems()).isEmpty();
            assertThat(plan.parameters()).isEqualTo(GanWeights.count(weights.generator())
                    + GanWeights.count(weights.discriminator()));
        }
    }

    @Test
    void anImageTheArchitectureCannotTakeIsAProblemOfThePlan() {
        assertThat(new GanModelFactory().plan(GanParameters.DEFAULTS, context(new ImageShape(1, 30, 30)))
                .orElseThrow().problems()).containsExactly(Problem.general(
                "model 'gan' needs images whose height and width are multiples of 4 and at least 28, got 1x30x30"));
    }

    @Test
    void absurdFilterCountsAreSizedWithoutOverflow() {
        ModelPlan plan = new GanModelFactory().plan(new GanParameters(32, 64, 1 << 30, 0.4, 0.3, 0.9, 8),
                context(new ImageShape(1, 28, 28))).orElseThrow();

        assertThat(plan.parameters()).isGreaterThan(25L * (1L << 32) * (1L << 32));
        assertThat(plan.largestArray()).isGreaterThan(Integer.MAX_VALUE);
    }
}
