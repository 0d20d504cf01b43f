package dev.genlab.plugins.gan;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Batch;
import dev.genlab.api.Dataset;
import dev.genlab.api.ModelContext;
import dev.genlab.api.RunLog;
import dev.genlab.api.SingleStageModel;
import dev.genlab.api.Split;
import dev.genlab.support.ClassLabels;
import dev.genlab.support.ImageGrid;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The DCGAN as a GenLab model: one stage whose step is one GAN iteration. The discriminator learns from the
 * batch's real images (label 1) and as many generated ones (label 0), drawn from the generator in inference
 * mode as Keras's {@code generator.predict} does; then the generator learns, through the frozen discriminator,
 * to make fresh samples judged real. A conditional DCGAN's generated images in a step are of the batch's own
 * classes, and both networks see each image's class.
 */
final class GanModel implements SingleStageModel {
    /** Generated images judged at each validation: enough for the accuracy and pixel statistics to settle. */
    private static final int VALIDATION_SAMPLES = 1000;
    /**
     * Images per forward pass outside training, to bound the memory of the activations: the training batch size
     * of the reference (500 lifted a 20-iteration benchmark run's peak resident memory from 2.66 to 2.91 GB).
     */
    private static final int CHUNK = 128;
    private static final int SCALE = 2;
    // separate latent streams, so that the progress grid and validation samples stay fixed across a run
    private static final long PROGRESS_STREAM = 1;
    private static final long VALIDATION_STREAM = 2;
    private static final long COMPARISON_STREAM = 3;

    private final Dcgan gan;
    private final GanParameters parameters;
    private final ModelContext context;
    private final INDArray progressLatent;
    /** The one-hot class of each progress sample, one row of the grid per class; null when unconditional. */
    private final INDArray progressCondition;

    GanModel(Dcgan gan, GanParameters parameters, ModelContext context) {
        this.gan = requireNonNull(gan, "gan is null");
        this.parameters = requireNonNull(parameters, "parameters is null");
        this.context = requireNonNull(context, "context is null");
        Latent progress = new Latent(parameters.latentDim(), context.seed() + PROGRESS_STREAM);
        int columns = parameters.sampleGridSize();
        if (gan.classes() == 0) {
            this.progressLatent = progress.next(columns * columns);
            this.progressCondition = null;
        } else {
            // the same z in every row: a column shows one z across the classes
            this.progressLatent = Nd4j.tile(progress.next(columns), gan.classes(), 1);
            this.progressCondition = ClassLabels.oneHot(ClassLabels.blocked(gan.classes(), columns), gan.classes());
        }
    }

    Dcgan gan() {
        return gan;
    }

    @Override
    public String name() {
        return "adversarial";
    }

    /**
     * Returns the losses of both networks ({@code loss} is the generator's) and the discriminator's accuracy. The
     * step's latent codes are drawn from {@code batch.seed()} (its dropout masks from ND4J's global generator,
     * which the runner seeds with it), so a step draws the same whether or not the run was resumed before it.
     */
    @Override
    public Map<String, Double> fit(Batch batch) {
        int n = batch.size();
        Latent noise = new Latent(parameters.latentDim(), batch.seed());
        INDArray condition = condition(batch.labels());
        INDArray images = Nd4j.vstack(batch.features(), gan.sample(noise.next(n), condition));
        INDArray labels = Nd4j.vstack(Nd4j.ones(DataType.FLOAT, n, 1), Nd4j.zeros(DataType.FLOAT, n, 1));
        Dcgan.DiscriminatorStep discriminator = gan.trainDiscriminator(images,
                condition == null ? null : Nd4j.vstack(condition, condition), labels);
        double generatorLoss = gan.trainGenerator(noise.next(n), condition);

        // accuracies from the discriminator step's own forward pass, as Keras's train_on_batch reports them
        INDArray judgedReal = discriminator.probabilities().gt(0.5).castTo(DataType.DOUBLE);
        Map<String, Double> losses = new LinkedHashMap<>();
        losses.put("loss", generatorLoss);
        losses.put("d_loss", discriminator.loss());
        losses.put("g_loss", generatorLoss);
        losses.put("d_acc_real", judgedReal.get(NDArrayIndex.interval(0, n)).meanNumber().doubleValue());
        losses.put("d_acc_fake", 1 - judgedReal.get(NDArrayIndex.interval(n, 2 * n)).meanNumber().doubleValue());
        return losses;
    }

    /**
     * The discriminator's accuracy on the test images and on fixed generated ones; the pixel mean and standard
     * deviation of those generated images, and the distance of their mean image from the test images'.
     */
    @Override
    public Map<String, Double> validate(Split test) {
        int[] sampleLabels = gan.classes() == 0 ? null : ClassLabels.cycled(gan.classes(), VALIDATION_SAMPLES);
        INDArray samples = generate(VALIDATION_SAMPLES, sampleLabels, context.seed() + VALIDATION_STREAM);
        PixelStatistics generated = PixelStatistics.of(samples);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("d_acc_real", judgedReal(test.features(), test.labels()));
        metrics.put("d_acc_fake", 1 - judgedReal(samples, sampleLabels));
        metrics.put("sample_mean", generated.mean());
        metrics.put("sample_std", generated.std());
        metrics.put("mean_image_mse", generated.meanImageDistance(PixelStatistics.of(test.features())));
        return metrics;
    }

    @Override
    public void logProgress(RunLog log, long step) {
        log.image("samples", ImageGrid.of(gan.sample(progressLatent, progressCondition), context.shape(),
                parameters.sampleGridSize(), SCALE), step);
    }

    /**
     * The validation metrics with the test images' pixel statistics beside them, and a picture of test images
     * (upper rows) above fresh samples (lower rows). The final fixed-z grid is logged by {@link #logProgress},
     * which the runner calls at the last step.
     */
    @Override
    public Map<String, Double> evaluate(Dataset data, RunLog log, long step) {
        Map<String, Double> metrics = validate(data.test());
        PixelStatistics real = PixelStatistics.of(data.test().features());
        metrics.put("data_mean", real.mean());
        metrics.put("data_std", real.std());
        int columns = parameters.sampleGridSize();
        int shown = columns * Math.max(1, Math.min(columns / 2, data.test().size() / columns));
        INDArray rows = Nd4j.vstack(data.test().head(shown).features(),
                generate(shown, balanced(shown), context.seed() + COMPARISON_STREAM));
        log.image("real_vs_generated", ImageGrid.of(rows, context.shape(), columns, SCALE), step);
        return metrics;
    }

    /**
     * Samples from z uniform in [-1, 1] drawn with {@code seed}; {@code inputs} play no part. A conditional DCGAN
     * makes the classes in turn (0, 1, ..., 0, 1, ...), so the samples are balanced.
     */
    @Override
    public INDArray generate(int count, Split inputs, long seed) {
        return generate(count, balanced(count), seed);
    }

    @Override
    public int conditionalClasses() {
        return gan.classes();
    }

    /** An image of each requested class, from z drawn with {@code seed}. */
    @Override
    public INDArray generate(int[] labels, long seed) {
        if (gan.classes() == 0) {
            return SingleStageModel.super.generate(labels, seed);
        }
        ClassLabels.check(labels, gan.classes());
        return generate(labels.length, labels, seed);
    }

    @Override
    public void save(Path directory) throws IOException {
        gan.save(directory);
    }

    /** {@code count} samples, of the classes {@code labels} for a conditional DCGAN (null for an unconditional). */
    private INDArray generate(int count, int[] labels, long seed) {
        Latent latent = new Latent(parameters.latentDim(), seed);
        List<INDArray> parts = new ArrayList<>();
        for (int done = 0; done < count; done += CHUNK) {
            int n = Math.min(CHUNK, count - done);
            parts.add(gan.sample(latent.next(n), condition(labels, done, n)));
        }
        return parts.size() == 1 ? parts.get(0) : Nd4j.vstack(parts.toArray(INDArray[]::new));
    }

    /** The share of {@code images} the discriminator judges real (P > 0.5), each as of its class in {@code labels}. */
    private double judgedReal(INDArray images, int[] labels) {
        long real = 0;
        for (long from = 0; from < images.rows(); from += CHUNK) {
            long to = Math.min(images.rows(), from + CHUNK);
            INDArray chunk = images.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
            real += gan.judge(chunk, condition(labels, (int) from, (int) (to - from))).gt(0.5)
                    .castTo(DataType.INT64).sumNumber().longValue();
        }
        return (double) real / images.rows();
    }

    /** Balanced labels for {@code count} samples of a conditional DCGAN; null for an unconditional one. */
    private int[] balanced(int count) {
        return gan.classes() == 0 ? null : ClassLabels.cycled(gan.classes(), count);
    }

    /** The one-hot of {@code labels}, for a conditional DCGAN; null for an unconditional one. */
    private INDArray condition(int[] labels) {
        return gan.classes() == 0 ? null : ClassLabels.oneHot(labels, gan.classes());
    }

    private INDArray condition(int[] labels, int from, int n) {
        return gan.classes() == 0 ? null : condition(Arrays.copyOfRange(labels, from, from + n));
    }
}
