package dev.genlab.plugins.vae;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.api.Problem;
import dev.genlab.api.ImageShape;
import dev.genlab.api.ModelContext;
import dev.genlab.api.ModelPlan;
import dev.genlab.api.Optimizer;
import dev.genlab.api.TrainingSettings;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;

/** The factory's plan counts exactly the weights of the graph it builds, and refuses what the graph would. */
class VaeModelPlanTest {
    private static ModelContext context(ImageShape shape) {
        return new ModelContext(shape, List.of("a", "b"), new TrainingSettings(1, 0, 32, Optimizer.adam(1e-3)), 42);
    }

    @Test
    void thePlanCountsTheGraphsWeights() {
        for (VaeParameters parameters : List.of(VaeParameters.DEFAULTS,
                new VaeParameters(8, List.of(16, 8, 4), VaeParameters.Likelihood.BERNOULLI, 1.0, 0, 10,
                        Optional.empty(), VaeParameters.DecoderActivation.NONE))) {
            ImageShape shape = new ImageShape(3, 32, 16);
            ModelPlan plan = new VaeModelFactory().plan(parameters, context(shape)).orElseThrow();
            SameDiff graph = VaeGraph.build(parameters, shape, 42);
            long weights = graph.variables().stream()
                    .filter(variable -> variable.getVariableType() == VariableType.VARIABLE)
                    .mapToLong(variable -> variable.getArr().length()).sum();

            assertThat(plan.problems()).isEmpty();
            assertThat(plan.parameters()).as("%s", parameters.filters()).isEqualTo(weights);
        }
    }

    @Test
    void imageSidesMustHalveAsOftenAsThereAreConvolutions() {
        VaeModelFactory factory = new VaeModelFactory();
        ImageShape mnist = new ImageShape(1, 28, 28);

        assertThat(factory.plan(new VaeParameters(16, List.of(8, 8, 8), VaeParameters.Likelihood.GAUSSIAN, 1, 0, 10,
                Optional.empty(), VaeParameters.DecoderActivation.NONE),
                context(mnist)).orElseThrow().problems()).containsExactly(Problem.of("filters",
                "3 stride-2 layers need image sides divisible by 8, but images are 1x28x28"));
        assertThat(factory.plan(new VaeParameters(16, java.util.Collections.nCopies(40, 1),
                VaeParameters.Likelihood.GAUSSIAN, 1, 0, 10, Optional.empty(), VaeParameters.DecoderActivation.NONE),
                context(mnist)).orElseThrow().problems()).containsExactly(
                Problem.of("filters", "40 stride-2 layers need image sides divisible by 1099511627776, but images are"
                        + " 1x28x28"));
    }
}
