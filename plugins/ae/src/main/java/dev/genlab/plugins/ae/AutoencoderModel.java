package dev.genlab.plugins.ae;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Batch;
import dev.genlab.api.Dataset;
import dev.genlab.api.ModelContext;
import dev.genlab.api.RunLog;
import dev.genlab.api.Split;
import dev.genlab.api.SingleStageModel;
import dev.genlab.evaluation.LinearProbe;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The dense autoencoder as a GenLab model, one stage that learns to give back the clean image: from the image
 * itself ({@code ae}) or from a corrupted copy of it ({@code dae}).
 */
final class AutoencoderModel implements SingleStageModel {
    private static final String MODEL_FILE = "model.zip";

    private final MultiLayerNetwork network;
    private final DenseStep step;
    private final AeParameters parameters;
    private final NoisyInputs noise;
    private final long seed;

    private AutoencoderModel(MultiLayerNetwork network, AeParameters parameters, Corruption corruption, long seed) {
        this.network = requireNonNull(network, "network is null");
        this.step = DenseStep.of(network);
        this.parameters = requireNonNull(parameters, "parameters is null");
        this.noise = new NoisyInputs(corruption, seed);
        this.seed = seed;
    }

    static AutoencoderModel create(AeParameters parameters, Corruption corruption, ModelContext context) {
        return new AutoencoderModel(DenseNetworks.autoencoder(parameters, context), parameters, corruption,
                context.seed());
    }

    static AutoencoderModel load(AeParameters parameters, Corruption corruption, ModelContext context, Path directory)
            throws IOException {
        return new AutoencoderModel(ModelFiles.read(directory, MODEL_FILE), parameters, corruption, context.seed());
    }

    @Override
    public Map<String, Double> fit(Batch batch) {
        return Map.of("loss", step.fit(noise.training(batch.features(), batch.seed()), batch.features()));
    }

    @Override
    public Map<String, Double> validate(Split test) {
        INDArray noisy = noise.test(test);
        Reconstruction.Errors errors = Reconstruction.errors(this::output, noisy, test.features());
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("loss", parameters.loss() == AeParameters.ReconstructionLoss.MSE ? errors.mse() : errors.bce());
        metrics.put("mse", errors.mse());
        // binary cross-entropy per pixel, whichever loss trains the network: comparable across runs of either loss
        metrics.put("bce", errors.bce());
        // peak signal-to-noise ratio of the reconstructions against the clean images, pixels in [0, 1]
        metrics.put("psnr", 10 * Math.log10(1 / errors.mse()));
        if (noise.corrupts()) {
            metrics.put("mse_noisy", Reconstruction.mse(noisy, test.features()));
        }
        return metrics;
    }

    @Override
    public Map<String, Double> evaluate(Dataset data, RunLog log, long step) {
        Split test = data.test();
        Map<String, Double> metrics = new LinkedHashMap<>(validate(test));
        metrics.put("mse_mean_image", Reconstruction.meanImageMse(data.train().features(), test.features()));
        metrics.put(LinearProbe.METRIC, LinearProbe.accuracy(this::encode, data, seed));
        return metrics;
    }

    /** The codes of clean images: the activations of the last hidden layer of the encoder, the bottleneck. */
    INDArray encode(INDArray images) {
        int bottleneck = parameters.hiddenSizes().size() - 1;
        return network.feedForwardToLayer(bottleneck, images, false).get(bottleneck + 1);
    }

    /**
     * The first test images above their reconstructions (a denoising model's: above their corrupted copies and
     * its output), at step 0, every {@code tracking.imageEvery} steps and at the end.
     */
    @Override
    public void logProgress(Dataset data, RunLog log, long step) {
        Split test = data.test();
        INDArray clean = test.head(ComparisonGrid.COLUMNS).features();
        if (noise.corrupts()) {
            INDArray noisy = Reconstruction.rows(noise.test(test), 0, clean.rows());
            log.image("denoising", ComparisonGrid.of(data.shape(), clean, noisy, output(noisy)), step);
        } else {
            log.image("reconstructions", ComparisonGrid.of(data.shape(), clean, output(clean)), step);
        }
    }

    /** Reconstructions of the first {@code count} inputs; a denoising model's are first corrupted from {@code seed}. */
    @Override
    public INDArray generate(int count, Split inputs, long seed) {
        return output(noise.corrupt(inputs.head(count).features(), seed));
    }

    @Override
    public void save(Path directory) throws IOException {
        ModelFiles.write(network, directory, MODEL_FILE);
    }

    @Override
    public void close() {
        network.close();
    }

    private INDArray output(INDArray input) {
        return network.output(input, false);
    }
}
