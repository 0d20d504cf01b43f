package dev.genlab.evaluation;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Batch;
import dev.genlab.api.Dataset;
import dev.genlab.api.Split;
import java.util.Arrays;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * How linearly a model's codes separate the classes: a multinomial logistic regression fitted on the codes of (up
 * to {@value #TRAINING_IMAGES}) training images, scored by its accuracy on the test images' codes. The regression
 * is fitted the same way every time (standardised codes, full-batch Adam for {@value #STEPS} steps, a small L2
 * penalty), so probes of different models compare their codes, not their luck.
 */
public final class LinearProbe {
    /** The metric a model logs the probe's accuracy under. */
    public static final String METRIC = "score/linear_probe_accuracy";
    /** The most training images whose codes the regression is fitted on. */
    public static final int TRAINING_IMAGES = 10_000;
    static final int STEPS = 300;
    private static final double LEARNING_RATE = 0.1;
    private static final double L2 = 1e-4;
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;
    /** Images per call of the encoder, to bound its activations' memory. */
    private static final int CHUNK = 500;

    private LinearProbe() {
    }

    /**
     * The probe's test accuracy on the codes {@code encoder} gives {@code data}'s images: the training images are
     * all of them up to {@value #TRAINING_IMAGES}, else that many drawn with {@code seed}; the test images are all.
     *
     * @param encoder images {@code [n, pixels]} to codes {@code [n, d]}
     */
    public static double accuracy(UnaryOperator<INDArray> encoder, Dataset data, long seed) {
        requireNonNull(encoder, "encoder is null");
        Split train = data.train();
        int[] rows = trainingRows(train.size(), seed);
        INDArray trainCodes = encode(encoder, train, rows);
        int[] trainLabels = Arrays.stream(rows).map(row -> train.labels()[row]).toArray();
        Split test = data.test();
        int[] all = new int[test.size()];
        Arrays.setAll(all, i -> i);
        return accuracy(trainCodes, trainLabels, encode(encoder, test, all), test.labels(), data.numClasses());
    }

    /** The accuracy on {@code testCodes} of a regression fitted on {@code trainCodes}; codes are rows. */
    public static double accuracy(INDArray trainCodes, int[] trainLabels, INDArray testCodes, int[] testLabels,
            int classes) {
        if (trainCodes.rows() != trainLabels.length || testCodes.rows() != testLabels.length
                || trainCodes.columns() != testCodes.columns()) {
            throw new IllegalArgumentException("codes and labels do not fit: " + Arrays.toString(trainCodes.shape())
                    + " with " + trainLabels.length + " labels, " + Arrays.toString(testCodes.shape()) + " with "
                    + testLabels.length);
        }
        if (trainLabels.length == 0 || testLabels.length == 0) {
            throw new IllegalArgumentException("a probe needs training and test codes");
        }
        for (int label : trainLabels) {
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("label " + label + " is not a class below " + classes);
            }
        }
        double[][] train = trainCodes.castTo(DataType.DOUBLE).toDoubleMatrix();
        Standardisation scale = Standardisation.of(train);
        double[][] weights = fit(scale.apply(train), trainLabels, classes);
        double[][] test = scale.apply(testCodes.castTo(DataType.DOUBLE).toDoubleMatrix());
        long correct = 0;
        double[] logits = new double[classes];
        for (int i = 0; i < test.length; i++) {
            logits(test[i], weights, logits);
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (logits[c] > logits[best]) {
                    best = c;
                }
            }
            if (best == testLabels[i]) {
                correct++;
            }
        }
        return (double) correct / test.length;
    }

    /** Rows {@code 0..size-1} when they are few enough, else {@value #TRAINING_IMAGES} of them drawn from the seed. */
    static int[] trainingRows(int size, long seed) {
        int[] order = size <= TRAINING_IMAGES ? identity(size) : Split.permutation(size, new Random(seed));
        int[] rows = Arrays.copyOf(order, Math.min(size, TRAINING_IMAGES));
        Arrays.sort(rows);
        return rows;
    }

    /**
     * Weights {@code [d + 1][classes]}, the last row the biases, minimising the mean cross-entropy plus an L2 penalty
     * on all of them. Plain arrays: the codes are narrow (tens of values), where ND4J's per-operation cost would
     * outweigh the arithmetic.
     */
    private static double[][] fit(double[][] x, int[] labels, int classes) {
        int n = x.length;
        int d = x[0].length;
        double[][] weights = new double[d + 1][classes];
        double[][] gradient = new double[d + 1][classes];
        double[][] m = new double[d + 1][classes];
        double[][] v = new double[d + 1][classes];
        double[] p = new double[classes];
        for (int step = 1; step <= STEPS; step++) {
            for (double[] row : gradient) {
                Arrays.fill(row, 0);
            }
            for (int i = 0; i < n; i++) {
                double[] xi = x[i];
                logits(xi, weights, p);
                softmax(p);
                p[labels[i]] -= 1;
                for (int j = 0; j < d; j++) {
                    double value = xi[j];
                    double[] g = gradient[j];
                    for (int c = 0; c < classes; c++) {
                        g[c] += value * p[c];
                    }
                }
                double[] bias = gradient[d];
                for (int c = 0; c < classes; c++) {
                    bias[c] += p[c];
                }
            }
            double rate = LEARNING_RATE * Math.sqrt(1 - Math.pow(BETA2, step)) / (1 - Math.pow(BETA1, step));
            for (int j = 0; j <= d; j++) {
                for (int c = 0; c < classes; c++) {
                    double g = gradient[j][c] / n + L2 * weights[j][c];
                    m[j][c] = BETA1 * m[j][c] + (1 - BETA1) * g;
                    v[j][c] = BETA2 * v[j][c] + (1 - BETA2) * g * g;
                    weights[j][c] -= rate * m[j][c] / (Math.sqrt(v[j][c]) + EPSILON);
                }
            }
        }
        return weights;
    }

    private static void logits(double[] x, double[][] weights, double[] logits) {
        int d = x.length;
        System.arraycopy(weights[d], 0, logits, 0, logits.length);
        for (int j = 0; j < d; j++) {
            double value = x[j];
            double[] w = weights[j];
            for (int c = 0; c < logits.length; c++) {
                logits[c] += value * w[c];
            }
        }
    }

    private static void softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double value : logits) {
            max = Math.max(max, value);
        }
        double sum = 0;
        for (int c = 0; c < logits.length; c++) {
            logits[c] = Math.exp(logits[c] - max);
            sum += logits[c];
        }
        for (int c = 0; c < logits.length; c++) {
            logits[c] /= sum;
        }
    }

    /** Each code shifted and scaled to mean 0 and deviation 1 over the training codes; constant codes become 0. */
    private record Standardisation(double[] mean, double[] scale) {
        static Standardisation of(double[][] x) {
            int d = x[0].length;
            double[] mean = new double[d];
            double[] scale = new double[d];
            for (double[] row : x) {
                for (int j = 0; j < d; j++) {
                    mean[j] += row[j] / x.length;
                }
            }
            for (double[] row : x) {
                for (int j = 0; j < d; j++) {
                    scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / x.length;
                }
            }
            for (int j = 0; j < d; j++) {
                scale[j] = scale[j] > 1e-24 ? 1 / Math.sqrt(scale[j]) : 0;
            }
            return new Standardisation(mean, scale);
        }

        double[][] apply(double[][] x) {
            double[][] result = new double[x.length][];
            for (int i = 0; i < x.length; i++) {
                result[i] = new double[x[i].length];
                for (int j = 0; j < x[i].length; j++) {
                    result[i][j] = (x[i][j] - mean[j]) * scale[j];
                }
            }
            return result;
        }
    }

    private static INDArray encode(UnaryOperator<INDArray> encoder, Split split, int[] rows) {
        INDArray codes = null;
        for (int from = 0; from < rows.length; from += CHUNK) {
            Batch batch = split.rows(Arrays.copyOfRange(rows, from, Math.min(rows.length, from + CHUNK)));
            INDArray chunk = encoder.apply(batch.features()).castTo(DataType.DOUBLE);
            if (codes == null) {
                codes = Nd4j.create(DataType.DOUBLE, rows.length, chunk.columns());
            }
            codes.get(NDArrayIndex.interval(from, from + chunk.rows()), NDArrayIndex.all()).assign(chunk);
        }
        return codes;
    }

    private static int[] identity(int n) {
        int[] rows = new int[n];
        Arrays.setAll(rows, i -> i);
        return rows;
    }
}
