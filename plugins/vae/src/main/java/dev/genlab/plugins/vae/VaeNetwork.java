package dev.genlab.plugins.vae;

import static java.util.Objects.requireNonNull;

import dev.genlab.support.SameDiffGraphs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.ListenerVariables;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;

/** The VAE graph and what the model does with it: train, encode, decode. */
final class VaeNetwork {
    static final String FILE = "vae.sd";

    private final SameDiff sd;
    private final LossTerms terms = new LossTerms();

    private VaeNetwork(SameDiff sd) {
        this.sd = requireNonNull(sd, "sd is null");
        SameDiffGraphs.createGradientsQuietly(sd);
    }

    /** A network around a freshly built graph, trained with {@code optimizer}. */
    static VaeNetwork create(SameDiff sd, IUpdater optimizer) {
        sd.setTrainingConfig(new TrainingConfig.Builder()
                .updater(optimizer)
                .dataSetFeatureMapping(VaeGraph.INPUT, VaeGraph.EPS, VaeGraph.KL_WEIGHT)
                .markLabelsUnused()
                .build());
        return new VaeNetwork(sd);
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
        terms.clear();
        sd.fit(new MultiDataSet(new INDArray[] {images, eps, scalar(klWeight)}, new INDArray[0]), terms);
        double reconstruction = terms.get(VaeGraph.RECONSTRUCTION);
        double kl = terms.get(VaeGraph.KL);
        // the loss as the graph defines it; fit reports it as 0 in ND4J 1.0.0-M2.1
        return new StepLosses(reconstruction + (float) klWeight * kl, reconstruction, kl);
    }

    /** Runs the encoder and decoder on {@code images} with noise {@code eps} and returns the named outputs. */
    Map<String, INDArray> forward(INDArray images, INDArray eps, String... outputs) {
        Map<String, INDArray> placeholders = new HashMap<>();
        placeholders.put(VaeGraph.INPUT, images);
        placeholders.put(VaeGraph.EPS, eps);
        // the loss needs a KL weight even when only other outputs are asked for
        placeholders.put(VaeGraph.KL_WEIGHT, scalar(1));
        return sd.output(placeholders, outputs);
    }

    /** The posterior means of {@code images}, {@code [n, latent]}. */
    INDArray encode(INDArray images) {
        return forward(images, noNoise(images), VaeGraph.MEAN).get(VaeGraph.MEAN);
    }

    /** Reconstructions decoded from the posterior means (no sampling noise). */
    INDArray reconstruct(INDArray images) {
        return forward(images, noNoise(images), VaeGraph.OUTPUT).get(VaeGraph.OUTPUT);
    }

    /** Images decoded from the codes {@code [n, latent]}. */
    INDArray decode(INDArray codes) {
        return sd.output(Map.of(VaeGraph.CODE, codes.castTo(DataType.FLOAT)), VaeGraph.DECODED).get(VaeGraph.DECODED);
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

    /**
     * Catches the two loss terms of a training step as {@code sd.fit} computes them, which it does not return.
     * Both feed the loss, so they are computed in the forward pass, before any weight is updated.
     */
    private static final class LossTerms extends BaseListener {
        private final Map<String, Double> values = new HashMap<>();

        @Override
        public ListenerVariables requiredVariables(SameDiff sd) {
            return ListenerVariables.builder().trainingVariables(VaeGraph.RECONSTRUCTION, VaeGraph.KL).build();
        }

        @Override
        public boolean isActive(Operation operation) {
            return operation == Operation.TRAINING;
        }

        @Override
        public void activationAvailable(SameDiff sd, At at, org.nd4j.linalg.dataset.api.MultiDataSet batch,
                SameDiffOp op, String name, INDArray activation) {
            if (name.equals(VaeGraph.RECONSTRUCTION) || name.equals(VaeGraph.KL)) {
                values.put(name, activation.getDouble(0));
            }
        }

        void clear() {
            values.clear();
        }

        double get(String name) {
            Double value = values.get(name);
            if (value == null) {
                throw new IllegalStateException("the training step did not compute " + name);
            }
            return value;
        }
    }
}
