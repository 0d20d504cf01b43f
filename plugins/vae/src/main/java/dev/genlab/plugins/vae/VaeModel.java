package dev.genlab.plugins.vae;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Batch;
import dev.genlab.api.Dataset;
import dev.genlab.api.ModelContext;
import dev.genlab.api.RunLog;
import dev.genlab.api.Split;
import dev.genlab.api.SingleStageModel;
import dev.genlab.evaluation.LinearProbe;
import dev.genlab.support.ClassLabels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The convolutional VAE as a GenLab model: one stage that maximises the ELBO. A conditional VAE learns
 * {@code p(x|y)} for the class y and makes images of a requested class.
 */
final class VaeModel implements SingleStageModel {
    static final int SAMPLES = 64;
    static final int GRID_COLUMNS = 8;

    // distinct streams from the one seed, so that changing one use of noise leaves the others alone
    private static final long VALIDATION_STREAM = 0x5EED_0001L;
    private static final long SAMPLE_STREAM = 0x5EED_0002L;

    private final VaeNetwork network;
    private final VaeParameters parameters;
    private final ModelContext context;
    private final Random trainingNoise;
    private final INDArray sampleCodes;
    /** The class of each progress sample, class by class: a conditional model's grid has one row per class. */
    private final int[] sampleLabels;

    VaeModel(VaeNetwork network, VaeParameters parameters, ModelContext context) {
        this.network = requireNonNull(network, "network is null");
        this.parameters = requireNonNull(parameters, "parameters is null");
        this.context = requireNonNull(context, "context is null");
        this.trainingNoise = new Random(context.seed());
        network.trainByHand(parameters, context.shape());
        if (network.classes() != parameters.conditionClasses(context.numClasses())) {
            throw new IllegalArgumentException("the network conditions on " + network.classes() + " classes, the "
                    + "parameters and data on " + parameters.conditionClasses(context.numClasses()));
        }
        // the same codes at every progress image, so the grids show the decoder changing, not the draw
        Random codes = new Random(context.seed() ^ SAMPLE_STREAM);
        if (network.classes() == 0) {
            this.sampleCodes = Gaussian.matrix(codes, SAMPLES, parameters.latentDim());
            this.sampleLabels = null;
        } else {
            // one row per class, the same codes in every row: a column shows one code across the classes
            INDArray row = Gaussian.matrix(codes, GRID_COLUMNS, parameters.latentDim());
            this.sampleCodes = Nd4j.tile(row, network.classes(), 1);
            this.sampleLabels = ClassLabels.blocked(network.classes(), GRID_COLUMNS);
        }
    }

    @Override
    public Map<String, Double> fit(Batch batch) {
        // the step's own draw, so that a resumed run samples what an uninterrupted one would
        trainingNoise.setSeed(batch.seed());
        INDArray eps = Gaussian.matrix(trainingNoise, batch.size(), parameters.latentDim());
        long stepsBefore = Math.max(0, batch.step() - 1);
        VaeNetwork.StepLosses losses = network.fit(batch.features(), batch.labels(), eps,
                parameters.klWeight(stepsBefore));
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("loss", losses.loss());
        values.put("reconstruction", losses.reconstruction());
        values.put("kl", losses.kl());
        return values;
    }

    @Override
    public Map<String, Double> validate(Split test) {
        return metrics(scores(test));
    }

    /**
     * Decodes the fixed sample codes: the 8x8 grid of samples from z ~ N(0, I), with a step slider in MLflow; for a
     * conditional model one row of 8 per class.
     */
    @Override
    public void logProgress(RunLog log, long step) {
        INDArray samples = sampleLabels == null ? network.decode(sampleCodes)
                : network.decode(sampleCodes, sampleLabels);
        log.image("samples", Figures.grid(samples, context.shape(), GRID_COLUMNS), step);
    }

    @Override
    public Map<String, Double> evaluate(Dataset data, RunLog log, long step) {
        Split test = data.test();
        SplitScores scores = scores(test);
        Map<String, Double> metrics = metrics(scores);
        metrics.put("mse_mean_image", MeanImage.mse(data.train(), test));
        if (parameters.importanceSamples() > 0) {
            Batch images = test.head(Math.min(ImportanceSampling.IMAGES, test.size()));
            metrics.put("nll", ImportanceSampling.negativeLogLikelihood(network, images.features(),
                    network.classes() == 0 ? null : images.labels(), parameters.importanceSamples(),
                    parameters.logLikelihoodConstant(context.shape().pixels()), context.seed() ^ VALIDATION_STREAM));
        }
        if (network.classes() == 0) {
            // the posterior means: the codes the encoder commits to, without the sampling noise. A conditional
            // VAE's encoder is given the label, so its codes say nothing of how well it learnt the classes: no probe
            metrics.put(LinearProbe.METRIC, LinearProbe.accuracy(network::encode, data, context.seed()));
        }
        Figures figures = new Figures(network, context.shape());
        log.image("reconstructions", figures.reconstructions(test), step);
        log.image("interpolation", figures.interpolation(test), step);
        log.image("error_histogram", ErrorHistogram.draw(scores.imageErrors()), step);
        log.text("reconstruction_errors.csv", ErrorHistogram.csv(scores.imageErrors(), test.labels()));
        return metrics;
    }

    /**
     * Samples: {@code count} images decoded from z ~ N(0, I) drawn with {@code seed}; {@code inputs} are unused. A
     * conditional model makes the classes in turn (0, 1, ..., 0, 1, ...), so the samples are balanced.
     */
    @Override
    public INDArray generate(int count, Split inputs, long seed) {
        if (network.classes() > 0) {
            return generate(ClassLabels.cycled(network.classes(), count), seed);
        }
        return network.decode(Gaussian.matrix(new Random(seed), count, parameters.latentDim()));
    }

    @Override
    public int conditionalClasses() {
        return network.classes();
    }

    /** An image of each requested class, decoded from z ~ N(0, I) drawn with {@code seed}. */
    @Override
    public INDArray generate(int[] labels, long seed) {
        if (network.classes() == 0) {
            return SingleStageModel.super.generate(labels, seed);
        }
        ClassLabels.check(labels, network.classes());
        return network.decode(Gaussian.matrix(new Random(seed), labels.length, parameters.latentDim()), labels);
    }

    @Override
    public void save(Path directory) throws IOException {
        network.save(directory);
    }

    VaeNetwork network() {
        return network;
    }

    /**
     * The split's scores as logged, with the ELBO in nats (its likelihood constant included, per image) and the
     * PSNR of the posterior-mean reconstructions (pixels in [0, 1]).
     */
    private Map<String, Double> metrics(SplitScores scores) {
        Map<String, Double> metrics = new LinkedHashMap<>(scores.metrics());
        metrics.put("elbo", -(scores.reconstruction() + parameters.logLikelihoodConstant(context.shape().pixels())
                + scores.kl()));
        metrics.put("psnr", 10 * Math.log10(1 / scores.mse()));
        return metrics;
    }

    private SplitScores scores(Split test) {
        return SplitScores.of(network, test, parameters.beta(), context.seed() ^ VALIDATION_STREAM);
    }
}
