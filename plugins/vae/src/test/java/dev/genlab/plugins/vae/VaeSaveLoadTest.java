package dev.genlab.plugins.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genlab.api.Batch;
import dev.genlab.api.Dataset;
import dev.genlab.api.Split;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A saved VAE comes back with the same weights and optimiser state. */
class VaeSaveLoadTest {
    private final VaeModelFactory factory = new VaeModelFactory();

    @Test
    void loadedModelGivesIdenticalOutputsAndKeepsTraining(@TempDir Path directory) throws IOException {
        Dataset data = TestData.small();
        VaeModel model = TestData.create(VaeParameters.DEFAULTS);
        for (Batch batch : data.train().batches(32)) {
            model.fit(batch);
        }

        model.save(directory);
        VaeModel loaded = (VaeModel) factory.load(VaeParameters.DEFAULTS, TestData.context(1e-3), directory);

        INDArray test = data.test().head(16).features();
        assertThat(loaded.generate(10, data.test(), 7)).isEqualTo(model.generate(10, data.test(), 7));
        assertThat(loaded.network().reconstruct(test)).isEqualTo(model.network().reconstruct(test));
        assertThat(loaded.network().encode(test)).isEqualTo(model.network().encode(test));
        // the same step from both: equal only if Adam's moments and step count were restored too
        INDArray eps = Gaussian.matrix(new Random(3), 16, 16);
        VaeNetwork.StepLosses original = model.network().fit(test, eps, 1);
        VaeNetwork.StepLosses restored = loaded.network().fit(test, eps, 1);
        assertThat(restored).isEqualTo(original);
        assertThat(loaded.network().reconstruct(test)).isEqualTo(model.network().reconstruct(test));
    }

    @Test
    void untrainedModelSavesAndLoadsToo(@TempDir Path directory) throws IOException {
        VaeModel model = TestData.create(VaeParameters.DEFAULTS);

        model.save(directory);
        VaeModel loaded = (VaeModel) factory.load(VaeParameters.DEFAULTS, TestData.context(1e-3), directory);

        Split inputs = TestData.small().test();
        assertThat(loaded.generate(3, inputs, 5)).isEqualTo(model.generate(3, inputs, 5));
    }

    @Test
    void loadingFromADirectoryWithoutAModelSaysWhere(@TempDir Path directory) {
        assertThatThrownBy(() -> factory.load(VaeParameters.DEFAULTS, TestData.context(1e-3), directory))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessageContaining(directory.toString());
    }

    @Test
    void samplesDependOnTheSeedOnly() {
        VaeModel model = TestData.create(VaeParameters.DEFAULTS);
        Dataset data = TestData.small();

        INDArray first = model.generate(5, data.test(), 11);

        assertThat(first.shape()).containsExactly(5, 784);
        assertThat(model.generate(5, data.test(), 11)).isEqualTo(first);
        assertThat(model.generate(5, data.test(), 12)).isNotEqualTo(first);
    }
}
