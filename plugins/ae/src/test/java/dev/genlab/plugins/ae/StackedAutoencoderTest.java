package dev.genlab.plugins.ae;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.api.Batch;
import dev.genlab.api.Split;
import dev.genlab.api.Stage;
import dev.genlab.testing.GenLabFixture;
import dev.genlab.testing.BoundSpec;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Greedy pre-training hands its encoders to fine-tuning: the stages driven by hand, to look at the weights. */
class StackedAutoencoderTest {
    private static final int STEPS = 20;

    @Test
    void classNamesBecomeOneLevelOfAMetricKey() {
        // Fashion-MNIST's names hold a slash and spaces: each class stays one key below test/accuracy/
        assertThat(List.of("7", "T-shirt/top", "Ankle boot", "Pullover")).map(StackedAutoencoder::metricName)
                .containsExactly("7", "T-shirt_top", "Ankle_boot", "Pullover");
    }

    @Test
    void fineTuningStartsFromThePretrainedEncodersAndPretrainingFreezesTheLayersBelow() {
        BoundSpec experiment = GenLabFixture.create().spec("""
                experiment: sae-weights
                seed: 42
                dataset: {type: mnist, trainSubset: 640, testSubset: 100}
                model: {type: sae, layerSizes: [256, 64]}
                training: {epochs: 1, batchSize: 32}
                """);
        Split train = experiment.dataset().train();
        try (StackedAutoencoder model = (StackedAutoencoder) experiment.createModel()) {
            List<Stage> stages = model.stages();
            assertThat(stages).extracting(Stage::name).containsExactly("layer1", "layer2", "finetune");
            EncoderStack stack = model.stack();
            INDArray untrainedFirst = encoder(stack, 0).dup();
            INDArray untrainedSecond = encoder(stack, 1).dup();

            fit(stages.get(0), train);
            INDArray pretrainedFirst = encoder(stack, 0).dup();
            fit(stages.get(1), train);

            // layer 2 learns from the codes of a frozen layer 1
            assertThat(encoder(stack, 0)).isEqualTo(pretrainedFirst).isNotEqualTo(untrainedFirst);
            assertThat(encoder(stack, 1)).isNotEqualTo(untrainedSecond);

            model.fineTuning().start();
            MultiLayerNetwork classifier = model.classifier();
            assertThat(classifier.getLayer(0).params()).isEqualTo(encoder(stack, 0));
            assertThat(classifier.getLayer(1).params()).isEqualTo(encoder(stack, 1));

            // fine-tuning moves the classifier's copies, never the stack, and the copy is made only once
            fit(stages.get(2), train);
            model.fineTuning().start();
            assertThat(classifier.getLayer(0).params()).isNotEqualTo(encoder(stack, 0));
            assertThat(encoder(stack, 0)).isEqualTo(pretrainedFirst);
        }
    }

    private static INDArray encoder(EncoderStack stack, int layer) {
        return stack.layer(layer).getLayer(0).params();
    }

    private static void fit(Stage stage, Split train) {
        Iterator<Batch> batches = train.shuffledBatches(32, new Random(1));
        for (int step = 0; step < STEPS && batches.hasNext(); step++) {
            stage.fit(batches.next());
        }
    }
}
