package dev.genlab.plugins.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genlab.api.Batch;
import dev.genlab.api.GenLabException;
import dev.genlab.api.ImageShape;
import dev.genlab.api.ModelContext;
import dev.genlab.api.Optimizer;
import dev.genlab.api.Split;
import dev.genlab.api.TrainingSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A checkpoint saved at step k and loaded into a fresh model continues training exactly as the uninterrupted model
 * does, bit for bit on one CPU thread; and a step is a function of the weights, the batch and its seed alone.
 */
class GanResumeTest {
    private static final int BATCH = 8;
    private static final GanParameters NARROW = new GanParameters(32, 8, 4, 0.4, 0.3, 0.9, 4);
    private static final long EXPERIMENT_SEED = 42;
    private static final ModelContext CONTEXT = context(Optimizer.adam(4e-4));
    private static final Split NO_INPUTS = new Split(Nd4j.zeros(DataType.FLOAT, 1, 784), new int[1]);

    private final GanModelFactory factory = new GanModelFactory();

    @Test
    void resumedTrainingContinuesExactlyWhereItStopped(@TempDir Path checkpoint) throws IOException {
        int k = 3;
        int m = 3;
        List<Batch> batches = batches(k + m);

        GanModel uninterrupted = create();
        List<Map<String, Double>> expected = train(uninterrupted, batches);

        GanModel interrupted = create();
        assertThat(train(interrupted, batches.subList(0, k))).isEqualTo(expected.subList(0, k));
        interrupted.save(checkpoint);

        // the runner seeds the global generator before creating a model; another seed gives the fresh model
        // other weights, which loading must replace
        Nd4j.getRandom().setSeed(EXPERIMENT_SEED + 1);
        GanModel resumed = (GanModel) factory.load(NARROW, CONTEXT, checkpoint);
        List<Map<String, Double>> continued = train(resumed, batches.subList(k, k + m));

        assertThat(continued).isEqualTo(expected.subList(k, k + m));
        assertIdentical(resumed.gan().weights().wholeGenerator(), uninterrupted.gan().weights().wholeGenerator());
        assertIdentical(resumed.gan().weights().discriminator(), uninterrupted.gan().weights().discriminator());
    }

    @Test
    void modelSavedBeforeTrainingLoadsAndTrainsAsTheFreshModel(@TempDir Path directory) throws IOException {
        List<Batch> batches = batches(2);
        GanModel fresh = create();
        fresh.save(directory);
        assertThat(directory.resolve(Dcgan.OPTIMIZER_FILE)).isRegularFile();

        Nd4j.getRandom().setSeed(EXPERIMENT_SEED + 1);
        GanModel loaded = (GanModel) factory.load(NARROW, CONTEXT, directory);

        assertThat(train(loaded, batches)).isEqualTo(train(fresh, batches));
    }

    @Test
    void sameBatchAndSeedGiveTheSameStep() {
        Batch batch = batches(1).get(0);

        Map<String, Double> first = step(create(), batch);

        assertThat(step(create(), batch)).isEqualTo(first);
        // another seed draws other latent codes and dropout masks
        assertThat(step(create(), batch.at(batch.step(), batch.seed() + 1))).isNotEqualTo(first);
    }

    @Test
    void latentCodesFollowTheBatchSeedNotTheGlobalGenerator() {
        Batch batch = batches(1).get(0);
        GanModel model = create();
        GanModel other = create();

        // the same global seed (same dropout masks) but another batch seed: only the latent codes differ
        Nd4j.getRandom().setSeed(batch.seed());
        Map<String, Double> losses = model.fit(batch);
        Nd4j.getRandom().setSeed(batch.seed());
        Map<String, Double> otherLosses = other.fit(batch.at(batch.step(), batch.seed() + 1));

        assertThat(otherLosses).isNotEqualTo(losses);
    }

    @Test
    void modelSavedWithoutOptimizerStateGeneratesButRefusesToTrain(@TempDir Path directory) throws IOException {
        Batch batch = batches(1).get(0);
        GanModel trained = create();
        step(trained, batch);
        trained.save(directory);
        // what a save by an older GenLab holds: the two SameDiff files only
        Files.delete(directory.resolve(Dcgan.OPTIMIZER_FILE));

        GanModel loaded = (GanModel) factory.load(NARROW, CONTEXT, directory);

        assertThat(loaded.generate(4, NO_INPUTS, 5)).isEqualTo(trained.generate(4, NO_INPUTS, 5));
        assertThatThrownBy(() -> step(loaded, batch))
                .isInstanceOfSatisfying(GenLabException.class, e -> assertThat(e.category())
                        .isEqualTo(GenLabException.Category.TRAINING))
                .hasMessageContaining("no optimiser state")
                .hasMessageContaining("cannot continue training");
    }

    @Test
    void loadingWithAnotherOptimizerFailsWithAHint(@TempDir Path directory) throws IOException {
        create().save(directory);
        Optimizer nadam = new Optimizer(Optimizer.Name.NADAM, 4e-4, 0.9, 0.999, 1e-8, 0.9);

        assertThatThrownBy(() -> factory.load(NARROW, context(nadam), directory))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("trained with Adam, not Nadam")
                .hasMessageContaining("resume with the optimiser the model was trained with");
    }

    private GanModel create() {
        Nd4j.getRandom().setSeed(EXPERIMENT_SEED);
        return (GanModel) factory.create(NARROW, CONTEXT);
    }

    /** Steps 1..n on random binary images, each with its own seed, as the runner would give them. */
    private static List<Batch> batches(int n) {
        Nd4j.getRandom().setSeed(EXPERIMENT_SEED + 100);
        List<Batch> batches = new ArrayList<>();
        for (int step = 1; step <= n; step++) {
            INDArray images = Nd4j.rand(DataType.FLOAT, BATCH, 784).gt(0.8).castTo(DataType.FLOAT);
            batches.add(new Batch(images, new int[BATCH]).at(step, 1_000_003L * step + EXPERIMENT_SEED));
        }
        return batches;
    }

    private static List<Map<String, Double>> train(GanModel model, List<Batch> batches) {
        List<Map<String, Double>> losses = new ArrayList<>();
        for (Batch batch : batches) {
            losses.add(step(model, batch));
        }
        return losses;
    }

    /** One step as the runner takes it: the global generator seeded with the step's seed first. */
    private static Map<String, Double> step(GanModel model, Batch batch) {
        Nd4j.getRandom().setSeed(batch.seed());
        return new LinkedHashMap<>(model.fit(batch));
    }

    /** Bit for bit: INDArray's equals allows a difference of 1e-5. */
    private static void assertIdentical(Map<String, INDArray> actual, Map<String, INDArray> expected) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((name, array) -> {
            assertThat(actual.get(name).shape()).as(name).isEqualTo(array.shape());
            assertThat(actual.get(name).dup().data().asFloat()).as(name).isEqualTo(array.dup().data().asFloat());
        });
    }

    private static ModelContext context(Optimizer optimizer) {
        return new ModelContext(new ImageShape(1, 28, 28), List.of(),
                new TrainingSettings(0, 10, BATCH, optimizer), EXPERIMENT_SEED);
    }
}
