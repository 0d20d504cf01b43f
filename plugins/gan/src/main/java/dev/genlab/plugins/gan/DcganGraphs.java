package dev.genlab.plugins.gan;

import dev.genlab.plugins.gan.GanWeights.Names;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reference DCGAN as three SameDiff graphs over the arrays of {@link GanWeights}.
 *
 * <p>The discriminator graph trains the discriminator, whose weights are variables there, and has an inference
 * branch (no dropout) for judging. The adversarial graph trains the generator through the discriminator, whose
 * weights are constants there: frozen, with the gradient still flowing through them to the generator. The
 * sampler graph is the generator in inference mode (no dropout, batch norm on the moving statistics).
 *
 * <p>Translation from the Keras original: dropout is inverted dropout dropping a fraction {@code dropout}, with
 * masks fed as placeholders (SameDiff's own dropout op neither rescales nor differentiates); the second and
 * third discriminator convolutions use Keras's default 'valid' padding, as the reference names 'same' only for
 * the first; batch norm keeps Keras's epsilon 1e-3; the loss is binary cross-entropy computed from the logits,
 * which equals BCE on the sigmoid output without its saturation.
 *
 * <p>A conditional DCGAN feeds the class one-hot as {@link #CONDITION} to all three graphs. The generator takes it
 * after z, before its dense layer. The discriminator adds to its logit the inner product of its flattened features
 * with a learnt embedding of the class (a projection discriminator, Miyato and Koyama, 2018): appending the label to
 * the features of its one linear output layer would only add a term of the label alone, which cannot tell whether
 * an image fits its label; the projection can, for the cost of one [classes, features] matrix. An auxiliary
 * classifier on the same features (AC-GAN, Odena et al., 2017) learns the real images' classes, and the generator
 * is also scored on whether it classifies its images as the class asked for: with the projection alone, a narrow
 * DCGAN's label agreement was 0.22 after 400 iterations on MNIST; the classifier's gradient teaches the class sooner.
 */
final class DcganGraphs {
    static final String Z = "z";
    static final String IMAGES = "images";
    static final String LABELS = "labels";
    /** The class of each image, one-hot {@code [n, classes]}: only in a conditional DCGAN's graphs. */
    static final String CONDITION = "condition";
    static final String SAMPLES = "samples";
    static final String D_LOSS = "d_loss";
    /** P(real) from the discriminator's training pass (dropout on, before the step's update). */
    static final String D_TRAIN_PROBABILITY = "d_train_probability";
    static final String D_PROBABILITY = "d_probability";
    static final String G_LOSS = "g_loss";
    static final String G_MASK = "g_mask";
    /** Feature maps of the inference branches, named for inspection. */
    static final String G_SEED_MAP = "g_seed_map";
    static final List<String> G_BLOCKS = List.of("g_block1", "g_block2");
    static final List<String> D_MAPS = List.of("d_map0", "d_map1", "d_map2");
    private static final double KERAS_BN_EPSILON = 1e-3;

    private DcganGraphs() {
    }

    /** The discriminator's dropout masks, one per convolution, named by graph. */
    static String discriminatorMask(String graph, int block) {
        return graph + "_mask" + block;
    }

    static SameDiff discriminator(Architecture architecture, GanWeights weights) {
        SameDiff sd = SameDiff.create();
        SDVariable images = sd.placeHolder(IMAGES, DataType.FLOAT, -1, architecture.image().pixels());
        SDVariable labels = sd.placeHolder(LABELS, DataType.FLOAT, -1, 1);
        Map<String, SDVariable> d = declare(sd, weights.discriminator(), true);
        SDVariable condition = condition(sd, architecture);
        SDVariable maps = images.reshape(-1, architecture.image().channels(), architecture.image().height(),
                architecture.image().width());
        SDVariable features = features(sd, architecture, maps, d, "d", true);
        SDVariable logits = judge(features, condition, d);
        if (condition == null) {
            sd.loss.sigmoidCrossEntropy(D_LOSS, labels, logits, sd.constant(1f),
                    LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0);
        } else {
            // the auxiliary classifier learns the classes of the real images only (label 1)
            SDVariable realOrFake = sd.loss.sigmoidCrossEntropy(labels, logits, sd.constant(1f),
                    LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0);
            SDVariable real = labels.reshape(-1);
            SDVariable classes = classCrossEntropy(sd, features, condition, d).mul(real).sum().div(real.sum());
            realOrFake.add(D_LOSS, classes);
        }
        sd.nn.sigmoid(D_TRAIN_PROBABILITY, logits);
        sd.nn.sigmoid(D_PROBABILITY, judge(features(sd, architecture, maps, d, "d", false), condition, d));
        sd.setLossVariables(D_LOSS);
        return sd;
    }

    /**
     * The generator followed by the frozen discriminator, both in training mode, scored against the label real.
     */
    static SameDiff adversarial(Architecture architecture, GanWeights weights) {
        SameDiff sd = SameDiff.create();
        SDVariable z = sd.placeHolder(Z, DataType.FLOAT, -1, architecture.latent());
        Map<String, SDVariable> g = declare(sd, weights.generator(), true);
        Map<String, SDVariable> frozen = declare(sd, weights.discriminator(), false);
        SDVariable condition = condition(sd, architecture);
        SDVariable features = features(sd, architecture, generate(sd, architecture, z, condition, g, true), frozen,
                "a", true);
        SDVariable logits = judge(features, condition, frozen);
        if (condition == null) {
            sd.loss.sigmoidCrossEntropy(G_LOSS, sd.onesLike(logits), logits, sd.constant(1f),
                    LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0);
        } else {
            // judged real, and of the class asked for by the auxiliary classifier
            sd.loss.sigmoidCrossEntropy(sd.onesLike(logits), logits, sd.constant(1f),
                    LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0)
                    .add(G_LOSS, classCrossEntropy(sd, features, condition, frozen).mean());
        }
        sd.setLossVariables(G_LOSS);
        return sd;
    }

    /** The generator alone in inference mode: {@link #Z} in, {@link #SAMPLES} ({@code [n, pixels]}) out. */
    static SameDiff sampler(Architecture architecture, GanWeights weights) {
        SameDiff sd = SameDiff.create();
        SDVariable z = sd.placeHolder(Z, DataType.FLOAT, -1, architecture.latent());
        Map<String, SDVariable> g = declare(sd, weights.generator(), true);
        g.putAll(declare(sd, weights.statistics(), true));
        generate(sd, architecture, z, condition(sd, architecture), g, false)
                .reshape(-1, architecture.image().pixels()).rename(SAMPLES);
        return sd;
    }

    /** The {@link #CONDITION} placeholder of a conditional DCGAN; null for an unconditional one. */
    private static SDVariable condition(SameDiff sd, Architecture architecture) {
        return architecture.conditional()
                ? sd.placeHolder(CONDITION, DataType.FLOAT, -1, architecture.classes()) : null;
    }

    /** The names of the batch statistics the adversarial graph's training pass computes, per batch norm. */
    static List<String> batchStatistics() {
        return List.of(Names.batchMean(0), Names.batchVariance(0), Names.batchMean(1), Names.batchVariance(1),
                Names.batchMean(2), Names.batchVariance(2));
    }

    /**
     * The arrays themselves (not copies) as variables, which the graph can differentiate, or as constants, which
     * it cannot: how the adversarial graph freezes the discriminator.
     */
    private static Map<String, SDVariable> declare(SameDiff sd, Map<String, INDArray> arrays, boolean variables) {
        Map<String, SDVariable> declared = new LinkedHashMap<>();
        arrays.forEach((name, array) -> declared.put(name, variables ? sd.var(name, array)
                : sd.constant(name, array)));
        return declared;
    }

    /**
     * Dense to (h/4)x(w/4)xF, BN, LeakyReLU, reshape, dropout -> 2 x [upsample x2, transposed conv 5x5 same,
     * BN, LeakyReLU] -> conv 5x5 to the image's channels, same, sigmoid. In training, batch norm uses the
     * batch's statistics and dropout the {@link #G_MASK} placeholder. A {@code condition} joins z before the dense
     * layer.
     */
    private static SDVariable generate(SameDiff sd, Architecture architecture, SDVariable z, SDVariable condition,
            Map<String, SDVariable> g, boolean training) {
        GanParameters parameters = architecture.parameters();
        long[] seed = architecture.seedMap();
        SDVariable input = condition == null ? z : sd.concat(1, z, condition);
        SDVariable x = dense(input, g.get(Names.G_DENSE_W), g.get(Names.G_DENSE_B));
        x = leakyRelu(sd, batchNorm(sd, x, 0, g, training, false, parameters), parameters.leakySlope());
        x = x.reshape(-1, seed[0], seed[1], seed[2]);
        if (training) {
            x = x.mul(sd.placeHolder(G_MASK, DataType.FLOAT, -1, seed[0], seed[1], seed[2]));
        } else {
            x = x.rename(G_SEED_MAP);
        }
        for (int block = 1; block <= 2; block++) {
            x = sd.cnn.upsampling2d(x, 2, 2, true);
            x = transposedConvolution(sd, x, g.get(Names.deconvW(block)), g.get(Names.deconvB(block)));
            x = leakyRelu(sd, batchNorm(sd, x, block, g, training, true, parameters), parameters.leakySlope());
            if (!training) {
                x = x.rename(G_BLOCKS.get(block - 1));
            }
        }
        x = sd.cnn.conv2d(x, g.get(Names.G_OUT_W), g.get(Names.G_OUT_B), convolution(1, PaddingMode.SAME));
        return sd.nn.sigmoid(x);
    }

    /**
     * Conv 5x5 F stride 2 same, ReLU, dropout -> conv 5x5 4F stride 2 valid, ReLU, dropout -> conv 5x5 4F
     * stride 2 valid, ReLU, dropout -> flatten: the features the discriminator's heads read. {@code graph} names
     * the dropout masks.
     */
    private static SDVariable features(SameDiff sd, Architecture architecture, SDVariable images,
            Map<String, SDVariable> d, String graph, boolean training) {
        SDVariable x = images;
        for (int block = 0; block < 3; block++) {
            PaddingMode padding = block == 0 ? PaddingMode.SAME : PaddingMode.VALID;
            x = sd.cnn.conv2d(x, d.get(Names.convW(block)), d.get(Names.convB(block)),
                    convolution(Architecture.STRIDE, padding));
            // ReLU and dropout as one product: x * (x > 0) * mask
            SDVariable keep = positive(sd, x);
            long[] map = architecture.discriminatorMap(block);
            if (training) {
                x = x.mul(keep.mul(sd.placeHolder(discriminatorMask(graph, block), DataType.FLOAT, -1, map[0],
                        map[1], map[2])));
            } else {
                x = x.mul(D_MAPS.get(block), keep);
            }
        }
        return x.reshape(-1, architecture.discriminatorFeatures());
    }

    /**
     * The real-or-fake logit from the features: dense 1, plus, given a {@code condition}, the projection of the
     * features onto the class's embedding.
     */
    private static SDVariable judge(SDVariable features, SDVariable condition, Map<String, SDVariable> d) {
        SDVariable logit = dense(features, d.get(Names.D_DENSE_W), d.get(Names.D_DENSE_B));
        if (condition == null) {
            return logit;
        }
        SDVariable embedding = condition.mmul(d.get(Names.D_PROJECTION));
        return logit.add(features.mul(embedding).sum(true, 1));
    }

    /** Per image, the auxiliary classifier's cross-entropy against the one-hot {@code condition}, {@code [n]}. */
    private static SDVariable classCrossEntropy(SameDiff sd, SDVariable features, SDVariable condition,
            Map<String, SDVariable> d) {
        SDVariable logits = dense(features, d.get(Names.D_CLASS_W), d.get(Names.D_CLASS_B));
        return sd.nn.logSoftmax(logits).mul(condition).sum(1).neg();
    }

    /**
     * LeakyReLU as {@code x * (slope + (1 - slope) * (x > 0))}: the same values and gradients as
     * {@code sd.nn.leakyRelu}, whose ops ({@code leakyrelu}, {@code lrelu_bp}; {@code thresholdedrelu_bp} for ReLU)
     * run generic element loops in ND4J 1.0.0-M2.1, several times slower than a product and its fast backward.
     */
    private static SDVariable leakyRelu(SameDiff sd, SDVariable x, double slope) {
        return x.mul(positive(sd, x).mul(1 - slope).add(slope));
    }

    /** 1 where {@code x > 0}, else 0, as floats: a constant for differentiation. */
    private static SDVariable positive(SameDiff sd, SDVariable x) {
        return sd.gt(x, 0.0).castTo(DataType.FLOAT);
    }

    /**
     * Batch norm written out, so that its gradient runs through the batch statistics. Feature maps are
     * normalised per channel, vectors per feature.
     */
    private static SDVariable batchNorm(SameDiff sd, SDVariable x, int block, Map<String, SDVariable> g,
            boolean training, boolean maps, GanParameters parameters) {
        int[] axes = maps ? new int[] {0, 2, 3} : new int[] {0};
        SDVariable mean;
        SDVariable variance;
        if (training) {
            mean = x.mean(Names.batchMean(block), true, axes);
            // E[x^2] - E[x]^2: ND4J's broadcasting squared difference is slow to differentiate, and in float the
            // cancellation is harmless at the scale of these activations (epsilon 1e-3 is added below). x^2 as a
            // product: the backward op of square (_powderivative) took 15 ms at 128 x 16 x 28 x 28
            variance = x.mul(x).mean(true, axes).sub(Names.batchVariance(block), sd.math.square(mean));
        } else {
            mean = perChannel(g.get(Names.movingMean(block)), maps);
            variance = perChannel(g.get(Names.movingVariance(block)), maps);
        }
        // gamma (x - mean) / sqrt(variance + eps) + beta, as one scale and one shift per channel: two passes
        // over the activations instead of four, forward and backward
        SDVariable scale = sd.math.rsqrt(variance.add(KERAS_BN_EPSILON))
                .mul(perChannel(g.get(Names.gamma(block)), maps));
        SDVariable shift = perChannel(g.get(Names.beta(block)), maps).sub(mean.mul(scale));
        return x.mul(spread(sd, scale, x)).add(shift);
    }

    /**
     * {@code perChannel} broadcast to the shape of {@code like}, as an add to zeros. A product of an activation
     * with a per-channel factor differentiates much faster this way in ND4J 1.0.0-M2.1: the broadcasting
     * {@code multiply_bp} took 93 ms at 128 x 16 x 28 x 28, an add to zeros, a product of equal shapes and their
     * backward ops 7.5 ms, with the same values.
     */
    private static SDVariable spread(SameDiff sd, SDVariable perChannel, SDVariable like) {
        return sd.zerosLike(like).add(perChannel);
    }

    /**
     * A 5x5 transposed convolution, stride 1, 'same' padding, with a Keras-layout kernel {@code [kH, kW, out,
     * in]}. At stride 1 it equals a 'same' convolution with the kernel turned by 180 degrees and its channel axes
     * swapped, which is how it is computed here: ND4J's deconv2d is an order of magnitude slower on CPU than its
     * oneDNN conv2d. {@code GanArchitectureTest} checks the two agree.
     */
    static SDVariable transposedConvolution(SameDiff sd, SDVariable x, SDVariable kernel, SDVariable bias) {
        return sd.cnn.conv2d(x, turned(sd, kernel).permute(0, 1, 3, 2), bias, convolution(1, PaddingMode.SAME));
    }

    /**
     * A {@code [k, k, a, b]} kernel turned by 180 degrees in its two spatial axes: its {@code k * k} positions in
     * reverse order, as a product with the exchange matrix. Not {@code sd.reverse}: in ND4J 1.0.0-M2.1 the
     * {@code reverse} op and its backward op leak native memory, about their output's size on every call; in the
     * generator's step that was 2 MB an iteration, and the reference run, 2,000 iterations, failed at the launcher's
     * memory cap after about 440.
     */
    private static SDVariable turned(SameDiff sd, SDVariable kernel) {
        long[] shape = kernel.getShape();
        int cells = Math.toIntExact(shape[0] * shape[1]);
        INDArray exchange = Nd4j.zeros(DataType.FLOAT, cells, cells);
        for (int cell = 0; cell < cells; cell++) {
            exchange.putScalar(cell, cells - 1 - cell, 1f);
        }
        return sd.constant(exchange).mmul(kernel.reshape(cells, -1)).reshape(shape);
    }

    /**
     * {@code x W + b}, as a matrix product and a broadcast add. Not {@code sd.nn.linear}: in ND4J 1.0.0-M2.1, when the
     * output of its {@code xw_plus_b} op feeds a broadcast op, as the generator's batch norm does, repeated calls on
     * the same input give different results (the sampler's second call on a z differed from its first by up to 0.7
     * in a pixel; {@code GanArchitectureTest} checks this), so samples, and the fake images the discriminator trains
     * on, depended on what the graph had run before and not on the weights alone. The VAE plugin met the same bug
     * and traced it to {@code xw_plus_b} sometimes returning a column-major array that the next ops read as
     * row-major. Training computes the same: ND4J differentiates {@code xw_plus_b} as a matrix product and a sum.
     */
    private static SDVariable dense(SDVariable x, SDVariable weights, SDVariable bias) {
        return x.mmul(weights).add(bias);
    }

    private static SDVariable perChannel(SDVariable vector, boolean maps) {
        return maps ? vector.reshape(1, -1, 1, 1) : vector;
    }

    private static Conv2DConfig convolution(int stride, PaddingMode padding) {
        return Conv2DConfig.builder().kH(Architecture.KERNEL).kW(Architecture.KERNEL).sH(stride).sW(stride)
                .paddingMode(padding).dataFormat("NCHW").build();
    }
}
