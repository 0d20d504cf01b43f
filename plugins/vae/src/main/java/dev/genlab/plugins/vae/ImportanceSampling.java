package dev.genlab.plugins.vae;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The negative log-likelihood of images under the VAE in nats, by importance sampling with the encoder as the
 * proposal (Burda et al., 2016): {@code -log p(x) ~ -log (1/k) sum_s p(x|z_s) p(z_s) / q(z_s|x)} with
 * {@code z_s ~ q(z|x)}. With one sample it is the negative ELBO of one draw; more samples tighten it towards the
 * true value from above (in expectation). Unlike the training loss it includes the likelihood's constant, so
 * Gaussian and Bernoulli models are in nats of their own densities. A conditional VAE gives {@code -log p(x|y)}.
 */
final class ImportanceSampling {
    /** Test images scored at the final evaluation: the first ones of the split. */
    static final int IMAGES = 1000;
    private static final int BATCH = 250;
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private ImportanceSampling() {
    }

    /** The mean negative log-likelihood of {@code images} with {@code samples} draws each. */
    static double negativeLogLikelihood(VaeNetwork network, INDArray images, int samples, double constant,
            long seed) {
        return negativeLogLikelihood(network, images, null, samples, constant, seed);
    }

    /** The same for images of classes {@code labels}, under a conditional VAE (null for an unconditional one). */
    static double negativeLogLikelihood(VaeNetwork network, INDArray images, int[] labels, int samples,
            double constant, long seed) {
        Random noise = new Random(seed);
        int latent = network.latentDim();
        double total = 0;
        long n = images.rows();
        for (long from = 0; from < n; from += BATCH) {
            INDArray chunk = images.get(NDArrayIndex.interval(from, Math.min(n, from + BATCH)), NDArrayIndex.all())
                    .dup();
            int rows = (int) chunk.rows();
            int[] chunkLabels = labels == null ? null : Arrays.copyOfRange(labels, (int) from, (int) from + rows);
            double[][] logWeights = new double[rows][samples];
            for (int s = 0; s < samples; s++) {
                INDArray eps = Gaussian.matrix(noise, rows, latent);
                Map<String, INDArray> out = network.forward(chunk, chunkLabels, eps, VaeGraph.MEAN, VaeGraph.LOG_VARIANCE,
                        VaeGraph.RECONSTRUCTION_PER_IMAGE);
                double[] reconstruction = out.get(VaeGraph.RECONSTRUCTION_PER_IMAGE).toDoubleVector();
                double[][] mean = out.get(VaeGraph.MEAN).toDoubleMatrix();
                double[][] logVariance = out.get(VaeGraph.LOG_VARIANCE).toDoubleMatrix();
                double[][] e = eps.toDoubleMatrix();
                for (int i = 0; i < rows; i++) {
                    double logPrior = 0;
                    double logProposal = 0;
                    for (int j = 0; j < latent; j++) {
                        double z = mean[i][j] + Math.exp(logVariance[i][j] / 2) * e[i][j];
                        logPrior -= 0.5 * (z * z + LOG_2PI);
                        logProposal -= 0.5 * (e[i][j] * e[i][j] + LOG_2PI + logVariance[i][j]);
                    }
                    logWeights[i][s] = -(reconstruction[i] + constant) + logPrior - logProposal;
                }
                out.values().forEach(INDArray::close);
                eps.close();
            }
            for (double[] weights : logWeights) {
                total -= logMeanExp(weights);
            }
            chunk.close();
        }
        return total / n;
    }

    private static double logMeanExp(double[] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (double value : values) {
            max = Math.max(max, value);
        }
        double sum = 0;
        for (double value : values) {
            sum += Math.exp(value - max);
        }
        return max + Math.log(sum / values.length);
    }
}
