package dev.genlab.plugins.vae;

import dev.genlab.api.Batch;
import dev.genlab.api.Split;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The VAE's scores over a whole split, computed in batches to bound memory and summed in double precision.
 *
 * <p>The loss terms use sampled codes, as in training, with noise from a fixed seed so that epochs compare on
 * the same draw. The squared error uses reconstructions decoded from the posterior mean: that is the model's
 * best single reconstruction, and it does not move with the noise draw.
 *
 * @param loss reconstruction + beta x KL per image (the warm-up does not apply: it is the target objective)
 * @param reconstruction the likelihood term per image
 * @param kl KL(q(z|x) || N(0, I)) per image
 * @param mse squared error per pixel of the posterior-mean reconstructions
 * @param imageErrors summed squared error of each image's posterior-mean reconstruction, in split order
 */
record SplitScores(double loss, double reconstruction, double kl, double mse, double[] imageErrors) {
    private static final int BATCH = 500;

    static SplitScores of(VaeNetwork network, Split split, double beta, long seed) {
        Random noise = new Random(seed);
        double reconstruction = 0;
        double kl = 0;
        double squared = 0;
        double[] imageErrors = new double[split.size()];
        int offset = 0;
        for (Batch batch : split.batches(BATCH)) {
            INDArray images = batch.features();
            Map<String, INDArray> terms = network.forward(images, batch.labels(),
                    Gaussian.matrix(noise, images.rows(), network.latentDim()),
                    VaeGraph.RECONSTRUCTION_PER_IMAGE, VaeGraph.KL_PER_IMAGE);
            reconstruction += terms.get(VaeGraph.RECONSTRUCTION_PER_IMAGE).castTo(DataType.DOUBLE).sumNumber()
                    .doubleValue();
            kl += terms.get(VaeGraph.KL_PER_IMAGE).castTo(DataType.DOUBLE).sumNumber().doubleValue();
            INDArray reconstructed = network.reconstruct(images, batch.labels());
            INDArray diff = reconstructed.castTo(DataType.DOUBLE).subi(images.castTo(DataType.DOUBLE));
            double[] errors = diff.muli(diff).sum(1).toDoubleVector();
            for (double error : errors) {
                imageErrors[offset++] = error;
                squared += error;
            }
            // freed now rather than at the next collection, which a test pass does not wait for
            terms.values().forEach(INDArray::close);
            reconstructed.close();
            diff.close();
            images.close();
        }
        int n = split.size();
        return new SplitScores((reconstruction + beta * kl) / n, reconstruction / n, kl / n,
                squared / ((double) n * split.features().columns()), imageErrors);
    }

    /** The metrics as logged: {@code loss}, {@code reconstruction}, {@code kl}, {@code mse}. */
    Map<String, Double> metrics() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("loss", loss);
        metrics.put("reconstruction", reconstruction);
        metrics.put("kl", kl);
        metrics.put("mse", mse);
        return metrics;
    }
}
