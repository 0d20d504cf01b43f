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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A saved model loads back with the same weights: it gives the same images and the same test metrics. */
class SaveLoadTest {
    private static final String DATA = """
            experiment: save-load
            seed: 42
            dataset: {type: mnist, trainSubset: 320, testSubset: 200}
            training: {epochs: 1, batchSize: 32}
            """;

    @TempDir
    Path directory;

    @Test
    void denoisingAutoencoderRoundTrip() throws IOException {
        roundTrip(GenLabFixture.create().spec(DATA + "model: {type: dae, corruption: {kind: masking, fraction: 0.4}}"));
    }

    @Test
    void stackedAutoencoderRoundTrip() throws IOException {
        roundTrip(GenLabFixture.create().spec(DATA + "model: {type: sae, layerSizes: [64, 16]}"));
    }

    private void roundTrip(BoundSpec experiment) throws IOException {
        Split test = experiment.dataset().test();
        try (Model trained = experiment.createModel()) {
            for (Stage stage : trained.stages()) {
                for (Batch batch : experiment.dataset().train().batches(32)) {
                    stage.fit(batch);
                }
            }
            trained.save(directory);
            try (Model loaded = experiment.loadModel(directory)) {
                assertThat(loaded.generate(8, test, 3)).isEqualTo(trained.generate(8, test, 3));
                Stage last = trained.stages().get(trained.stages().size() - 1);
                Stage loadedLast = loaded.stages().get(loaded.stages().size() - 1);
                assertThat(loadedLast.validate(test)).isEqualTo(last.validate(test));
            }
            // an untrained model of the same spec differs: what was compared is the trained weights
            try (Model untrained = experiment.createModel()) {
                assertThat(untrained.generate(8, test, 3)).isNotEqualTo(trained.generate(8, test, 3));
            }
        }
    }
}
