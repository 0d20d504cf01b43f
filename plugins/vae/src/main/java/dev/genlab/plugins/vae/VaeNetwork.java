package dev.genlab.plugins.vae;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.ImageShape;
import dev.genlab.support.ClassLabels;
import dev.genlab.support.GraphCalls;
import dev.genlab.support.SameDiffGraphs;
import dev.genlab.support.SessionTrainer;
import dev.genlab.support.StepValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The VAE graph and what the model does with it: train, encode, decode. A conditional graph (with a
 * {@link VaeGraph#LABEL} placeholder) takes the images' class labels wherever it takes images or codes; the
 * methods without labels are for unconditional graphs.
 */
final class VaeNetwork {
    static final String FILE = "vae.sd";

    private final SameDiff sd;
    private final int classes;
    /** The two loss terms of a step through SameDiff, which {@code fit} computes but does not return. */
    private final StepValues terms = new StepValues(VaeGraph.RECONSTRUCTION, VaeGraph.KL);
    private final SessionTrainer trainer;
    /** The hand-computed step, where it covers the graph; null: every step goes through SameDiff. */
    private VaeStep byHand;

    private VaeNetwork(SameDiff sd) {
        this.sd = requireNonNull(sd, "sd is null");
        this.trainer = new SessionTrainer(sd);
        this.classes = sd.hasVariable(VaeGraph.LABEL) ? (int) sd.getVariable(VaeGraph.LABEL).placeholderShape()[1]
                : 0;
        SameDiffGraphs.createGradientsQuietly(sd);
    }

    /** A network around a freshly built graph, trained with {@code optimizer}. */
    static VaeNetwork create(SameDiff sd, IUpdater optimizer) {
        String[] features = sd.hasVariable(VaeGraph.LABEL)
                ? new String[] {VaeGraph.INPUT, VaeGraph.EPS, VaeGraph.KL_WEIGHT, VaeGraph.LABEL}
                : new String[] {VaeGraph.INPUT, VaeGraph.EPS, VaeGraph.KL_WEIGHT};
        sd.setTrainingConfig(new TrainingConfig.Builder()
                .updater(optimizer)
                .dataSetFeatureMapping(features)
                .markLabelsUnused()
                .build());
        return new VaeNetwork(sd);
    }

    /**
     * From now on, trains by {@link VaeStep} when it covers this network, built from {@code parameters} for images of
     * {@code shape} (the first step still goes through SameDiff, which sets up the optimiser state).
     */
    void trainByHand(VaeParameters parameters, ImageShape shape) {
        byHand = VaeStep.covers(shape, classes) ? VaeStep.of(sd, parameters, shape) : null;
    }

    /** The classes a conditional network takes; 0 for an unconditional one. */
    int classes() {
        return classes;
    }

    /** The network {@link #save} wrote into {@code directory}: weights, optimiser and its state. */
    static VaeNetwork load(Path directory) {
        return new VaeNetwork(SameDiff.load(directory.resolve(FILE).toFile(), true));
    }

    /** The losses of one step, each averaged over the batch's images. */
    record StepLosses(double loss, double reconstruction, double kl) {
    }

    /** One optimiser step on {@code images} with noise {@code eps}; returns the losses before the update. */
    StepLosses fit(INDArray images, INDArray eps, double klWeight) {
        return fit(images, null, eps, klWeight);
    }

    /** One step on {@code images} of classes {@code labels} (ignored, and may be null, when unconditional). */
    StepLosses fit(INDArray images, int[] labels, INDArray eps, double klWeight) {
        if (byHand != null && sd.isInitializedTraining()) {
            return byHand.fit(images, eps, klWeight);
        }
        terms.clear();
        INDArray[] features = classes == 0 ? new INDArray[] {images, eps, scalar(klWeight)}
                : new INDArray[] {images, eps, scalar(klWeight), oneHot(labels)};
        trainer.fit(new MultiDataSet(features, new INDArray[0]), terms);
        double reconstruction = terms.get(VaeGraph.RECONSTRUCTION);
        double kl = terms.get(VaeGraph.KL);
        // the loss as the graph defines it; fit reports it as 0 in ND4J 1.0.0-M2.1
        return new StepLosses(reconstruction + (float) klWeight * kl, reconstruction, kl);
    }

    /** Runs the encoder and decoder on {@code images} with noise {@code eps} and returns the named outputs. */
    Map<String, INDArray> forward(INDArray images, INDArray eps, String... outputs) {
        return forward(images, null, eps, outputs);
    }

    /** {@link #forward(INDArray, INDArray, String...)} for images of classes {@code labels}. */
    Map<String, INDArray> forward(INDArray images, int[] labels, INDArray eps, String... outputs) {
        if (byHand != null && VaeStep.FORWARD_OUTPUTS.containsAll(Arrays.asList(outputs))) {
            // the training step's convolutions, forward only: through the SameDiff graph the reference VAE's test
            // pass (10,000 images, two forward passes each) took 12 s an epoch, against 26 s for 60,000 training
            // images; this way 2.5-3.1 s
            Map<String, INDArray> all = byHand.forward(images, eps.castTo(DataType.FLOAT));
            Map<String, INDArray> asked = new HashMap<>();
            for (String output : outputs) {
                asked.put(output, all.get(output));
            }
            all.forEach((name, array) -> {
                if (!asked.containsKey(name)) {
                    array.close();
                }
            });
            return asked;
        }
        Map<String, INDArray> placeholders = new HashMap<>();
        placeholders.put(VaeGraph.INPUT, images);
        placeholders.put(VaeGraph.EPS, eps);
        if (classes > 0) {
            placeholders.put(VaeGraph.LABEL, oneHot(labels));
        }
        // the loss needs a KL weight even when only other outputs are asked for
        placeholders.put(VaeGraph.KL_WEIGHT, scalar(1));
        return GraphCalls.output(sd, placeholders, outputs);
    }

    /** The posterior means of {@code images}, {@code [n, latent]}. */
    INDArray encode(INDArray images) {
        return encode(images, null);
    }

    INDArray encode(INDArray images, int[] labels) {
        return forward(images, labels, noNoise(images), VaeGraph.MEAN).get(VaeGraph.MEAN);
    }

    /** Reconstructions decoded from the posterior means (no sampling noise). */
    INDArray reconstruct(INDArray images) {
        return reconstruct(images, null);
    }

    INDArray reconstruct(INDArray images, int[] labels) {
        return forward(images, labels, noNoise(images), VaeGraph.OUTPUT).get(VaeGraph.OUTPUT);
    }

    /** Images decoded from the codes {@code [n, latent]}. */
    INDArray decode(INDArray codes) {
        return decode(codes, (INDArray) null);
    }

    /** Images of classes {@code labels} decoded from the codes {@code [n, latent]}. */
    INDArray decode(INDArray codes, int[] labels) {
        return decode(codes, classes == 0 ? null : oneHot(labels));
    }

    /**
     * Images decoded from the codes with the condition {@code [n, classes]} (one-hot, or a blend of classes
     * between two images); null for an unconditional network.
     */
    INDArray decode(INDArray codes, INDArray condition) {
        Map<String, INDArray> placeholders = new HashMap<>();
        placeholders.put(VaeGraph.CODE, codes.castTo(DataType.FLOAT));
        if (classes > 0) {
            placeholders.put(VaeGraph.LABEL, requireNonNull(condition, "a conditional VAE decodes with a condition")
                    .castTo(DataType.FLOAT));
        }
        return GraphCalls.output(sd, placeholders, VaeGraph.DECODED).get(VaeGraph.DECODED);
    }

    /** The labels one-hot, {@code [n, classes]}. */
    INDArray oneHot(int[] labels) {
        return ClassLabels.oneHot(requireNonNull(labels, "a conditional VAE needs the images' labels"), classes);
    }

    int latentDim() {
        return (int) sd.getVariable(VaeGraph.EPS).placeholderShape()[1];
    }

    SameDiff graph() {
        return sd;
    }

    /** Writes the graph with its weights and the optimiser's state into {@code directory}. */
    void save(Path directory) throws IOException {
        Files.createDirectories(directory);
        sd.save(directory.resolve(FILE).toFile(), true);
    }

    private INDArray noNoise(INDArray images) {
        return Nd4j.zeros(DataType.FLOAT, images.rows(), latentDim());
    }

    private static INDArray scalar(double value) {
        return Nd4j.scalar(DataType.FLOAT, (float) value);
    }
}
