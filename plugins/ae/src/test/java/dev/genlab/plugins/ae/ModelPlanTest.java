package dev.genlab.plugins.ae;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.api.Problem;
import dev.genlab.api.ImageShape;
import dev.genlab.api.ModelContext;
import dev.genlab.api.ModelPlan;
import dev.genlab.api.Optimizer;
import dev.genlab.api.TrainingSettings;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/** The factories' plans count exactly the parameters of the networks they build. */
class ModelPlanTest {
    private static final ModelContext MNIST = new ModelContext(new ImageShape(1, 28, 28),
            List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
            new TrainingSettings(1, 0, 32, Optimizer.adam(1e-3)), 42);

    @Test
    void theAutoencodersPlanCountsItsNetworksParameters() {
        for (List<Integer> sizes : List.of(List.of(32), List.of(128, 64, 16))) {
            AeParameters parameters = new AeParameters(sizes, AeParameters.Activation.RELU,
                    AeParameters.OutputActivation.SIGMOID, AeParameters.ReconstructionLoss.MSE);
            ModelPlan plan = new AeModelFactory().plan(parameters, MNIST).orElseThrow();
            MultiLayerNetwork network = DenseNetworks.autoencoder(parameters, MNIST);

            assertThat(plan.parameters()).as("%s", sizes).isEqualTo(network.numParams());
            assertThat(plan.largestArray()).isEqualTo(784L * sizes.get(0));
            assertThat(plan.problems()).isEmpty();
            network.close();
        }
    }

    @Test
    void theDenoisingAutoencodersPlanIsTheAutoencodersWithTheCorruptedInput() {
        ModelPlan plan = new DaeModelFactory().plan(DaeParameters.DEFAULTS, MNIST).orElseThrow();
        ModelPlan plain = new AeModelFactory().plan(DaeParameters.DEFAULTS.network(), MNIST).orElseThrow();

        assertThat(plan.parameters()).isEqualTo(plain.parameters()).isEqualTo(784 * 32 + 32 + 32 * 784 + 784);
        assertThat(plan.valuesPerExample()).isEqualTo(plain.valuesPerExample() + 784);
    }

    @Test
    void theStackedAutoencodersPlanCountsEveryLayerAndTheClassifier() {
        ModelPlan plan = new SaeModelFactory().plan(SaeParameters.DEFAULTS, MNIST).orElseThrow();
        try (StackedAutoencoder model = StackedAutoencoder.create(SaeParameters.DEFAULTS, MNIST)) {
            long built = model.classifier().numParams();
            for (int layer = 0; layer < model.stack().depth(); layer++) {
                built += model.stack().layer(layer).numParams();
            }
            assertThat(plan.parameters()).isEqualTo(built);
        }
    }

    @Test
    void theStackedAutoencoderNeedsTwoClasses() {
        ModelContext unlabelled = new ModelContext(MNIST.shape(), List.of("all"), MNIST.training(), 42);

        assertThat(new SaeModelFactory().plan(SaeParameters.DEFAULTS, unlabelled).orElseThrow().problems())
                .containsExactly(Problem.general(
                        "'sae' fine-tunes a classifier and needs a dataset with at least two classes"));
    }
}
