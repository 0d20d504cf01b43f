package dev.genlab.plugins.gan;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.GenLabException;
import dev.genlab.api.Optimizer;
import dev.genlab.support.GraphCalls;
import dev.genlab.support.PlanForSize;
import dev.genlab.support.Updaters;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The DCGAN's two training steps and its inference, over one set of {@link GanWeights}: each network has its own
 * optimiser, and a step of one leaves the other's arrays untouched.
 */
final class Dcgan {
    static final String GENERATOR_FILE = "generator.sdz";
    static final String DISCRIMINATOR_FILE = "discriminator.sdz";
    static final String OPTIMIZER_FILE = "optimizer.bin";
    private static final String DISCRIMINATOR = "discriminator";
    private static final String GENERATOR = "generator";

    private final Architecture architecture;
    private final GanWeights weights;
    private final SameDiff discriminatorGraph;
    private final SameDiff adversarialGraph;
    private final SameDiff samplerGraph;
    private final NetworkUpdater discriminatorUpdater;
    private final NetworkUpdater generatorUpdater;
    /**
     * The generator's inference on oneDNN, where {@link SamplerPass#covers} it: the discriminator's fakes take one
     * batch size, a sample grid another, now and then.
     */
    private final PlanForSize<SamplerPass> samplerPass;
    /** The discriminator's training pass on oneDNN, where {@link DiscriminatorPass#covers} it: one batch size. */
    private final PlanForSize<DiscriminatorPass> discriminatorPass;
    /** The generator's training pass on oneDNN, where {@link GeneratorPass#covers} it: one batch size. */
    private final PlanForSize<GeneratorPass> generatorPass;
    /** Why this model cannot train, when it was restored from a save without optimiser state; else null. */
    private String untrainable;

    /** What a discriminator step returns: its loss and P(real) for each image, from the same forward pass. */
    record DiscriminatorStep(double loss, INDArray probabilities) {
    }

    Dcgan(Architecture architecture, Optimizer optimizer) {
        this.architecture = requireNonNull(architecture, "architecture is null");
        this.weights = GanWeights.initialise(architecture);
        this.discriminatorGraph = DcganGraphs.discriminator(architecture, weights);
        this.adversarialGraph = DcganGraphs.adversarial(architecture, weights);
        this.samplerGraph = DcganGraphs.sampler(architecture, weights);
        this.samplerPass = new PlanForSize<>(n -> new SamplerPass(architecture, n));
        this.discriminatorPass = new PlanForSize<>(n -> new DiscriminatorPass(architecture, n));
        this.generatorPass = new PlanForSize<>(n -> new GeneratorPass(architecture, n));
        GradientFunctions.create(discriminatorGraph);
        GradientFunctions.create(adversarialGraph);
        this.discriminatorUpdater = new NetworkUpdater(Updaters.of(optimizer), weights.discriminator());
        this.generatorUpdater = new NetworkUpdater(Updaters.of(optimizer), weights.generator());
    }

    GanWeights weights() {
        return weights;
    }

    SameDiff discriminatorGraph() {
        return discriminatorGraph;
    }

    SameDiff adversarialGraph() {
        return adversarialGraph;
    }

    SameDiff samplerGraph() {
        return samplerGraph;
    }

    /** Images for latent vectors {@code z} ({@code [n, latentDim]}) in inference mode, as {@code [n, pixels]}. */
    INDArray sample(INDArray z) {
        return sample(z, null);
    }

    /**
     * Images for latent vectors {@code z} of the classes {@code condition} ({@code [n, classes]} one-hot; null for an
     * unconditional DCGAN).
     */
    INDArray sample(INDArray z, INDArray condition) {
        if (SamplerPass.covers(architecture)) {
            return samplerPass.get((int) z.rows()).sample(z, conditionOf(condition), weights.wholeGenerator());
        }
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(DcganGraphs.Z, z);
        addCondition(feed, condition);
        return GraphCalls.output(samplerGraph, feed, DcganGraphs.SAMPLES).get(DcganGraphs.SAMPLES);
    }

    /** The discriminator's P(real) for {@code [n, pixels]} images in inference mode, as {@code [n, 1]}. */
    INDArray judge(INDArray images) {
        return judge(images, null);
    }

    /** P(real) for images of the classes {@code condition} (null for an unconditional DCGAN). */
    INDArray judge(INDArray images, INDArray condition) {
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(DcganGraphs.IMAGES, images);
        addCondition(feed, condition);
        return GraphCalls.output(discriminatorGraph, feed, DcganGraphs.D_PROBABILITY).get(DcganGraphs.D_PROBABILITY);
    }

    /** One discriminator step on {@code images} with their labels (1 real, 0 generated). */
    DiscriminatorStep trainDiscriminator(INDArray images, INDArray labels) {
        return trainDiscriminator(images, null, labels);
    }

    /** One discriminator step on {@code images} of the classes {@code condition} (null: unconditional). */
    DiscriminatorStep trainDiscriminator(INDArray images, INDArray condition, INDArray labels) {
        requireTrainable();
        if (DiscriminatorPass.covers(architecture)) {
            DiscriminatorPass.Result result = discriminatorPass.get((int) images.rows()).run(images,
                    conditionOf(condition), labels, discriminatorMasks(images.rows()), weights.discriminator());
            discriminatorUpdater.apply(result.gradients());
            return new DiscriminatorStep(result.loss(), result.probabilities());
        }
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(DcganGraphs.IMAGES, images);
        feed.put(DcganGraphs.LABELS, labels);
        addCondition(feed, condition);
        addDiscriminatorMasks(feed, "d", images.rows());
        OutAndGrad result = GraphCalls.gradientsAndOutputs(discriminatorGraph, feed,
                List.of(DcganGraphs.D_LOSS, DcganGraphs.D_TRAIN_PROBABILITY), weights.discriminator().keySet());
        discriminatorUpdater.apply(result.getGradients());
        return new DiscriminatorStep(result.getOutputs().get(DcganGraphs.D_LOSS).getDouble(0),
                result.getOutputs().get(DcganGraphs.D_TRAIN_PROBABILITY));
    }

    /**
     * One generator step: fresh samples from {@code z} through the frozen discriminator, labelled real. Batch
     * norm's moving statistics follow the batch's, as Keras's do in a training pass. Returns the loss.
     */
    double trainGenerator(INDArray z) {
        return trainGenerator(z, null);
    }

    /** One generator step making images of the classes {@code condition} (null: unconditional). */
    double trainGenerator(INDArray z, INDArray condition) {
        requireTrainable();
        long n = z.rows();
        INDArray generatorMask = dropoutMask(architecture.parameters().dropout(), n, architecture.seedMap());
        if (GeneratorPass.covers(architecture)) {
            GeneratorPass.Result result = generatorPass.get((int) n).run(z, conditionOf(condition), generatorMask,
                    discriminatorMasks(n), weights.generator(), weights.discriminator());
            generatorUpdater.apply(result.gradients());
            updateMovingStatistics(result.statistics());
            return result.loss();
        }
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(DcganGraphs.Z, z);
        addCondition(feed, condition);
        feed.put(DcganGraphs.G_MASK, generatorMask);
        addDiscriminatorMasks(feed, "a", n);
        List<String> outputs = new ArrayList<>(DcganGraphs.batchStatistics());
        outputs.add(DcganGraphs.G_LOSS);
        OutAndGrad result = GraphCalls.gradientsAndOutputs(adversarialGraph, feed, outputs,
                weights.generator().keySet());
        generatorUpdater.apply(result.getGradients());
        updateMovingStatistics(result.getOutputs());
        return result.getOutputs().get(DcganGraphs.G_LOSS).getDouble(0);
    }

    /**
     * Writes the whole training state into {@code directory}:
     * <ul>
     * <li>{@value #GENERATOR_FILE}: the sampler graph with the generator's weights and its batch-norm moving
     *     statistics, in SameDiff's format, loadable with {@code SameDiff.load} and runnable on its own ({@code z}
     *     to {@code samples});
     * <li>{@value #DISCRIMINATOR_FILE}: the discriminator graph with its weights, likewise ({@code images} to
     *     {@code d_probability});
     * <li>{@value #OPTIMIZER_FILE}: both networks' optimiser state and iteration counts, see
     *     {@link OptimizerStateFile}.
     * </ul>
     * Nothing else carries over from step to step: the latent codes and dropout masks come from each step's seed.
     */
    void save(Path directory) throws IOException {
        Files.createDirectories(directory);
        samplerGraph.save(directory.resolve(GENERATOR_FILE).toFile(), false);
        discriminatorGraph.save(directory.resolve(DISCRIMINATOR_FILE).toFile(), false);
        OptimizerStateFile.write(directory.resolve(OPTIMIZER_FILE), updaters());
    }

    /**
     * Copies the weights, moving statistics and optimiser state saved by {@link #save} into this model's arrays, so
     * that training continues exactly where it stopped. A directory without {@value #OPTIMIZER_FILE} (saved before
     * GenLab wrote optimiser state) gives a model that generates and judges but refuses to train: continuing with
     * fresh optimisers would silently differ from the interrupted run.
     */
    void restore(Path directory) throws IOException {
        copyFrom(directory.resolve(GENERATOR_FILE), weights.wholeGenerator());
        copyFrom(directory.resolve(DISCRIMINATOR_FILE), weights.discriminator());
        Path optimizer = directory.resolve(OPTIMIZER_FILE);
        if (Files.isRegularFile(optimizer)) {
            OptimizerStateFile.read(optimizer, updaters());
            untrainable = null;
        } else {
            untrainable = "the GAN loaded from " + directory + " has no optimiser state (no " + OPTIMIZER_FILE
                    + ": it was saved by an older GenLab), so it can generate but cannot continue training where it "
                    + "stopped";
        }
    }

    /** Both networks' optimisers, by the names {@link OptimizerStateFile} saves them under. */
    private Map<String, NetworkUpdater> updaters() {
        Map<String, NetworkUpdater> updaters = new LinkedHashMap<>();
        updaters.put(DISCRIMINATOR, discriminatorUpdater);
        updaters.put(GENERATOR, generatorUpdater);
        return updaters;
    }

    private void requireTrainable() {
        if (untrainable != null) {
            throw new GenLabException(GenLabException.Category.TRAINING, untrainable);
        }
    }

    /** The class one-hot for a conditional DCGAN, which needs it; null for an unconditional one. */
    private INDArray conditionOf(INDArray condition) {
        return architecture.conditional()
                ? requireNonNull(condition, "a conditional DCGAN needs the classes") : null;
    }

    /** Puts the class one-hot into a graph's feed for a conditional DCGAN, which needs it; not for an unconditional. */
    private void addCondition(Map<String, INDArray> feed, INDArray condition) {
        if (architecture.conditional()) {
            feed.put(DcganGraphs.CONDITION, conditionOf(condition));
        }
    }

    int classes() {
        return architecture.classes();
    }

    private void addDiscriminatorMasks(Map<String, INDArray> feed, String graph, long n) {
        List<INDArray> masks = discriminatorMasks(n);
        for (int block = 0; block < 3; block++) {
            feed.put(DcganGraphs.discriminatorMask(graph, block), masks.get(block));
        }
    }

    /** The dropout masks of the discriminator's three convolutions for {@code n} images, in that order. */
    private List<INDArray> discriminatorMasks(long n) {
        List<INDArray> masks = new ArrayList<>();
        for (int block = 0; block < 3; block++) {
            masks.add(dropoutMask(architecture.parameters().dropout(), n, architecture.discriminatorMap(block)));
        }
        return masks;
    }

    /**
     * An inverted-dropout mask for {@code n} maps of {@code shape}: 0 with probability {@code rate}, else
     * 1 / (1 - rate), as Keras's {@code Dropout(rate)}. Drawn from ND4J's global generator, seeded by the runner.
     */
    static INDArray dropoutMask(double rate, long n, long[] shape) {
        long[] full = new long[shape.length + 1];
        full[0] = n;
        System.arraycopy(shape, 0, full, 1, shape.length);
        return Nd4j.rand(DataType.FLOAT, full).gte(rate).castTo(DataType.FLOAT).divi(1 - rate);
    }

    private void updateMovingStatistics(Map<String, INDArray> outputs) {
        double momentum = architecture.parameters().bnMomentum();
        for (int block = 0; block < 3; block++) {
            follow(weights.statistics().get(GanWeights.Names.movingMean(block)),
                    outputs.get(GanWeights.Names.batchMean(block)), momentum);
            follow(weights.statistics().get(GanWeights.Names.movingVariance(block)),
                    outputs.get(GanWeights.Names.batchVariance(block)), momentum);
        }
    }

    private static void follow(INDArray moving, INDArray batch, double momentum) {
        moving.muli(momentum).addi(batch.reshape(moving.shape()).mul(1 - momentum));
    }

    private static void copyFrom(Path file, Map<String, INDArray> arrays) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new FileNotFoundException(file.toString());
        }
        SameDiff saved = SameDiff.load(file.toFile(), false);
        for (Map.Entry<String, INDArray> entry : arrays.entrySet()) {
            INDArray array = saved.getArrForVarName(entry.getKey());
            if (array == null || !Arrays.equals(array.shape(), entry.getValue().shape())) {
                throw new IOException(file + ": " + entry.getKey() + " is missing or has another shape; load the "
                        + "model with the parameters it was trained with");
            }
            entry.getValue().assign(array);
        }
    }
}
