package dev.genlab.plugins.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genlab.api.Batch;
import dev.genlab.api.ImageShape;
import dev.genlab.api.Model;
import dev.genlab.api.ModelContext;
import dev.genlab.api.Optimizer;
import dev.genlab.api.Split;
import dev.genlab.api.TrainingSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A saved model, loaded again, generates and judges exactly as the trained one did. */
class GanSaveLoadTest {
    private static final GanParameters NARROW = new GanParameters(32, 8, 4, 0.4, 0.3, 0.9, 4);
    private static final ModelContext CONTEXT = new ModelContext(new ImageShape(1, 28, 28), List.of(),
            new TrainingSettings(0, 10, 16, Optimizer.adam(4e-4)), 42);
    private static final Split NO_INPUTS = new Split(Nd4j.zeros(DataType.FLOAT, 1, 784), new int[1]);

    private final GanModelFactory factory = new GanModelFactory();

    @Test
    void loadedModelGeneratesTheSameSamplesForTheSameSeed(@TempDir Path directory) throws IOException {
        Nd4j.getRandom().setSeed(1);
        GanModel trained = (GanModel) factory.create(NARROW, CONTEXT);
        Batch batch = new Batch(Nd4j.rand(DataType.FLOAT, 16, 784), new int[16]);
        for (int step = 0; step < 3; step++) {
            trained.fit(batch);
        }
        trained.save(directory);

        // a different global seed gives the fresh model other weights, which loading must replace
        Nd4j.getRandom().setSeed(2);
        GanModel loaded = (GanModel) factory.load(NARROW, CONTEXT, directory);

        INDArray samples = trained.generate(20, NO_INPUTS, 99);
        assertThat(loaded.generate(20, NO_INPUTS, 99)).isEqualTo(samples);
        assertThat(trained.generate(20, NO_INPUTS, 100)).isNotEqualTo(samples);
        assertThat(loaded.gan().judge(samples)).isEqualTo(trained.gan().judge(samples));
    }

    @Test
    void loadingWithOtherWidthsFailsWithAHint(@TempDir Path directory) throws IOException {
        try (Model trained = factory.create(NARROW, CONTEXT)) {
            trained.save(directory);
        }
        GanParameters wider = new GanParameters(32, 16, 4, 0.4, 0.3, 0.9, 4);

        assertThatThrownBy(() -> factory.load(wider, CONTEXT, directory))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("load the model with the parameters it was trained with");
    }
}
