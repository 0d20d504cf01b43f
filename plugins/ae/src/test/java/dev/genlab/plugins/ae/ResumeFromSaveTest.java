package dev.genlab.plugins.ae;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.api.Batch;
import dev.genlab.api.Model;
import dev.genlab.api.Split;
import dev.genlab.api.Stage;
import dev.genlab.testing.GenLabFixture;
import dev.genlab.testing.BoundSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A checkpoint is a save: a model saved part-way through training, loaded and trained on from there, ends
 * exactly where the model trained without a break does (optimiser state, noise and, for the stacked
 * autoencoder, the hand-over of the encoders to the classifier, which comes after a save made in pre-training).
 */
class ResumeFromSaveTest {
    private static final String DATA = """
            experiment: resume
            seed: 42
            dataset: {type: mnist, trainSubset: 320, testSubset: 200}
            training: {epochs: 1, batchSize: 32}
            """;

    @TempDir
    Path directory;

    @ParameterizedTest(name = "{0}, saved after step {1}")
    @CsvSource({
            "'model: {type: ae}', 4",
            "'model: {type: dae}', 4",
            "'model: {type: dae, corruption: {kind: salt-and-pepper, fraction: 0.3}}', 7",
            "'model: {type: sae, layerSizes: [64, 16]}', 5",
            "'model: {type: sae, layerSizes: [64, 16]}', 15",
            "'model: {type: sae, layerSizes: [64, 16]}', 25"})
    void trainingOnFromASaveEndsWhereUnbrokenTrainingDoes(String model, int savedAfter) throws IOException {
        BoundSpec experiment = GenLabFixture.create().spec(DATA + model);
        Split test = experiment.dataset().test();
        try (Model unbroken = experiment.createModel(); Model first = experiment.createModel()) {
            List<Map<String, Double>> expected = train(unbroken, experiment, 0, Integer.MAX_VALUE);
            List<Map<String, Double>> before = train(first, experiment, 0, savedAfter);
            first.save(directory);
            try (Model resumed = experiment.loadModel(directory)) {
                List<Map<String, Double>> after = train(resumed, experiment, savedAfter, Integer.MAX_VALUE);

                List<Map<String, Double>> all = new ArrayList<>(before);
                all.addAll(after);
                assertThat(all).isEqualTo(expected);
                assertThat(resumed.generate(8, test, 3)).isEqualTo(unbroken.generate(8, test, 3));
                Stage last = resumed.stages().get(resumed.stages().size() - 1);
                assertThat(last.validate(test))
                        .isEqualTo(unbroken.stages().get(unbroken.stages().size() - 1).validate(test));
            }
        }
    }

    /** Steps {@code from + 1 .. to} of one epoch per stage, seeded as the runner seeds them; their losses. */
    private static List<Map<String, Double>> train(Model model, BoundSpec experiment, int from, int to) {
        List<Map<String, Double>> losses = new ArrayList<>();
        int step = 0;
        for (Stage stage : model.stages()) {
            for (Batch batch : experiment.dataset().train().batches(32)) {
                step++;
                if (step > from && step <= to) {
                    long seed = 1000L + step;
                    Nd4j.getRandom().setSeed(seed);
                    losses.add(stage.fit(batch.at(step, seed)));
                }
            }
        }
        return losses;
    }
}
