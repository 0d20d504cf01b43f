package dev.genlab.plugins.gan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every array of the DCGAN by name: the generator's trainable weights, its batch-norm moving statistics, and the
 * discriminator's weights. The graphs use these very arrays, so an update in place is seen by every graph.
 * Weights start as Keras's do: glorot-uniform kernels, zero biases, batch norm at gamma 1, beta 0.
 */
final class GanWeights {
    private final Map<String, INDArray> generator = new LinkedHashMap<>();
    private final Map<String, INDArray> statistics = new LinkedHashMap<>();
    private final Map<String, INDArray> discriminator = new LinkedHashMap<>();

    private GanWeights() {
    }

    /** Fresh weights drawn from ND4J's global generator, which the runner seeds before creating the model. */
    static GanWeights initialise(Architecture architecture) {
        GanWeights weights = new GanWeights();
        long seedMap = Architecture.product(architecture.seedMap());
        // a conditional generator's dense layer takes the one-hot class after z
        long inputs = architecture.latent() + architecture.classes();
        weights.generator.put(Names.G_DENSE_W, glorot(inputs, seedMap, inputs, seedMap));
        weights.generator.put(Names.G_DENSE_B, Nd4j.zeros(DataType.FLOAT, seedMap));
        weights.addBatchNorm(0, seedMap);
        int kernelArea = Architecture.KERNEL * Architecture.KERNEL;
        for (int block = 1; block <= 2; block++) {
            long in = architecture.generatorChannels(block - 1);
            long out = architecture.generatorChannels(block);
            // transposed-convolution kernels are [kH, kW, out, in]
            weights.generator.put(Names.deconvW(block), glorot(in * kernelArea, out * kernelArea,
                    Architecture.KERNEL, Architecture.KERNEL, out, in));
            weights.generator.put(Names.deconvB(block), Nd4j.zeros(DataType.FLOAT, out));
            weights.addBatchNorm(block, out);
        }
        long last = architecture.generatorChannels(2);
        long channels = architecture.image().channels();
        weights.generator.put(Names.G_OUT_W, glorot(last * kernelArea, channels * kernelArea,
                Architecture.KERNEL, Architecture.KERNEL, last, channels));
        weights.generator.put(Names.G_OUT_B, Nd4j.zeros(DataType.FLOAT, channels));

        long in = channels;
        for (int block = 0; block < 3; block++) {
            long out = architecture.discriminatorChannels(block);
            // convolution kernels are [kH, kW, in, out]
            weights.discriminator.put(Names.convW(block), glorot(in * kernelArea, out * kernelArea,
                    Architecture.KERNEL, Architecture.KERNEL, in, out));
            weights.discriminator.put(Names.convB(block), Nd4j.zeros(DataType.FLOAT, out));
            in = out;
        }
        long features = architecture.discriminatorFeatures();
        weights.discriminator.put(Names.D_DENSE_W, glorot(features, 1, features, 1));
        weights.discriminator.put(Names.D_DENSE_B, Nd4j.zeros(DataType.FLOAT, 1));
        if (architecture.conditional()) {
            // a conditional discriminator's class embedding, projected onto its features
            weights.discriminator.put(Names.D_PROJECTION, glorot(architecture.classes(), features,
                    architecture.classes(), features));
            // and its auxiliary classifier
            weights.discriminator.put(Names.D_CLASS_W, glorot(features, architecture.classes(), features,
                    architecture.classes()));
            weights.discriminator.put(Names.D_CLASS_B, Nd4j.zeros(DataType.FLOAT, architecture.classes()));
        }
        return weights;
    }

    /** The generator's trainable weights, in layer order. */
    Map<String, INDArray> generator() {
        return Collections.unmodifiableMap(generator);
    }

    /** The generator's batch-norm moving means and variances, used when sampling. */
    Map<String, INDArray> statistics() {
        return Collections.unmodifiableMap(statistics);
    }

    /** The discriminator's weights, in layer order. */
    Map<String, INDArray> discriminator() {
        return Collections.unmodifiableMap(discriminator);
    }

    /** Every array of the generator: weights and moving statistics (what Keras counts as its parameters). */
    Map<String, INDArray> wholeGenerator() {
        Map<String, INDArray> all = new LinkedHashMap<>(generator);
        all.putAll(statistics);
        return all;
    }

    static long count(Map<String, INDArray> arrays) {
        return arrays.values().stream().mapToLong(INDArray::length).sum();
    }

    private void addBatchNorm(int block, long size) {
        generator.put(Names.gamma(block), Nd4j.ones(DataType.FLOAT, size));
        generator.put(Names.beta(block), Nd4j.zeros(DataType.FLOAT, size));
        statistics.put(Names.movingMean(block), Nd4j.zeros(DataType.FLOAT, size));
        statistics.put(Names.movingVariance(block), Nd4j.ones(DataType.FLOAT, size));
    }

    private static INDArray glorot(long fanIn, long fanOut, long... shape) {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        return Nd4j.rand(DataType.FLOAT, shape).muli(2 * limit).subi(limit);
    }

    /** The arrays' names, shared by the weights, the graphs and the saved files. */
    static final class Names {
        static final String G_DENSE_W = "g_dense_W";
        static final String G_DENSE_B = "g_dense_b";
        static final String G_OUT_W = "g_out_W";
        static final String G_OUT_B = "g_out_b";
        static final String D_DENSE_W = "d_dense_W";
        static final String D_DENSE_B = "d_dense_b";
        static final String D_PROJECTION = "d_projection";
        static final String D_CLASS_W = "d_class_W";
        static final String D_CLASS_B = "d_class_b";

        private Names() {
        }

        static String deconvW(int block) {
            return "g_deconv" + block + "_W";
        }

        static String deconvB(int block) {
            return "g_deconv" + block + "_b";
        }

        static String gamma(int block) {
            return "g_bn" + block + "_gamma";
        }

        static String beta(int block) {
            return "g_bn" + block + "_beta";
        }

        static String movingMean(int block) {
            return "g_bn" + block + "_moving_mean";
        }

        static String movingVariance(int block) {
            return "g_bn" + block + "_moving_variance";
        }

        static String batchMean(int block) {
            return "g_bn" + block + "_batch_mean";
        }

        static String batchVariance(int block) {
            return "g_bn" + block + "_batch_variance";
        }

        static String convW(int block) {
            return "d_conv" + block + "_W";
        }

        static String convB(int block) {
            return "d_conv" + block + "_b";
        }
    }
}
