package dev.genlab.plugins.ae;

import static java.util.Objects.requireNonNull;

import dev.genlab.support.OneThread;
import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.api.ops.impl.transforms.same.Sign;
import org.nd4j.linalg.api.ops.impl.transforms.same.TimesOneMinus;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One training step of a dense network, computed on the network's own parameter, gradient and updater arrays: the
 * arithmetic of {@code MultiLayerNetwork.fit} followed by DL4J's own updater, so the weights, the optimiser state,
 * the iteration count and the saved model are what {@code fit} leaves. It trains the reference autoencoders about
 * twice as fast: DL4J's {@code fit} evaluates the output layer twice (once for the score, once for the gradient),
 * allocates every intermediate array anew each step and runs its workspace bookkeeping around every layer; this
 * keeps one set of arrays per batch size and does each product and element-wise pass once.
 *
 * <p>It covers what the plugin builds: dense layers with ReLU, sigmoid, tanh or identity, and an output layer with
 * MSE (sigmoid or identity) or cross-entropy over a softmax, without regularisation, dropout, weight noise,
 * constraints or gradient normalisation. Any other network trains through {@code fit} unchanged.
 */
final class DenseStep {
    /**
     * Steps whose products are all smaller than this many multiply-adds run on one thread ({@link OneThread}),
     * whatever the run's thread count: ND4J's threads cost more than they gain there. On 2 cores (batch 256, 784
     * inputs), a step of the reference autoencoder (32 hidden units) trained 87,000 images a second on one thread and
     * 43,000-48,000 on two (BLAS's two threads alone: 62,000), with 256 hidden units 26,000 against 23,000, with 1,024
     * (205 million multiply-adds a product) 6,100 against 6,700. OpenMP's count matters too (oneDNN's kernels use
     * it, the sigmoid's among them): with ND4J's and BLAS's counts at one, the reference step took 2.9 ms with
     * OpenMP at two threads and 2.3-2.5 ms at one.
     */
    static final long MULTI_THREAD_PRODUCT = 100_000_000L;

    private enum Kind {
        RELU, SIGMOID, TANH, IDENTITY, SOFTMAX
    }

    private final MultiLayerNetwork network;
    private final boolean handWritten;
    private final Kind[] activations;
    private final boolean classifier;
    private final INDArray[] weights;
    private final INDArray[] biases;
    private final INDArray[] weightGradients;
    private final INDArray[] biasGradients;
    private final DefaultGradient gradient;
    /** All weights and all their gradients, each one flat array, shaped alike for the update. */
    private final INDArray parameters;
    private final INDArray gradients;
    private final Map<Long, Buffers> buffers = new HashMap<>();

    private DenseStep(MultiLayerNetwork network) {
        this.network = requireNonNull(network, "network is null");
        Layer[] layers = network.getLayers();
        this.activations = new Kind[layers.length];
        this.handWritten = supported(network, activations);
        this.classifier = handWritten && activations[layers.length - 1] == Kind.SOFTMAX;
        this.weights = new INDArray[layers.length];
        this.biases = new INDArray[layers.length];
        this.weightGradients = new INDArray[layers.length];
        this.biasGradients = new INDArray[layers.length];
        if (!handWritten) {
            this.gradient = null;
            this.parameters = null;
            this.gradients = null;
            return;
        }
        if (network.getGradientsViewArray() == null) {
            network.initGradientsView();
        }
        this.gradient = new DefaultGradient(network.getGradientsViewArray());
        this.parameters = network.params();
        this.gradients = network.getGradientsViewArray().reshape(parameters.shape());
        for (int i = 0; i < layers.length; i++) {
            weights[i] = layers[i].getParam(DefaultParamInitializer.WEIGHT_KEY);
            biases[i] = layers[i].getParam(DefaultParamInitializer.BIAS_KEY);
            Map<String, INDArray> views = DefaultParamInitializer.getInstance()
                    .getGradientsFromFlattened(layers[i].conf(), layers[i].getGradientsViewArray());
            weightGradients[i] = views.get(DefaultParamInitializer.WEIGHT_KEY);
            biasGradients[i] = views.get(DefaultParamInitializer.BIAS_KEY);
            gradient.setGradientFor(i + "_" + DefaultParamInitializer.WEIGHT_KEY, weightGradients[i]);
            gradient.setGradientFor(i + "_" + DefaultParamInitializer.BIAS_KEY, biasGradients[i]);
        }
    }

    /** The step for {@code network}; built once per network, it keeps arrays for the batch sizes it has seen. */
    static DenseStep of(MultiLayerNetwork network) {
        return new DenseStep(network);
    }

    /** Whether steps are computed here rather than by {@code MultiLayerNetwork.fit}. */
    boolean handWritten() {
        return handWritten;
    }

    /** One step on {@code features} towards {@code labels}; returns the batch's mean loss, as {@code score()} would. */
    double fit(INDArray features, INDArray labels) {
        if (!handWritten || features.dataType() != DataType.FLOAT || labels.dataType() != DataType.FLOAT) {
            network.fit(features, labels);
            return network.score();
        }
        if (largestProduct(features.rows()) >= MULTI_THREAD_PRODUCT) {
            return step(features, labels);
        }
        // BLAS stays on one thread from here on: OpenBLAS takes 0.2 ms to set its thread count, even to the count it
        // has, too much to set and restore around every step
        Blas blas = Nd4j.factory().blas();
        if (blas.getMaxThreads() != 1) {
            blas.setMaxThreads(1);
        }
        try (OneThread ignored = OneThread.enter()) {
            return step(features, labels);
        }
    }

    /** The multiply-adds of the step's largest matrix product, for a batch of {@code rows}. */
    private long largestProduct(long rows) {
        long largest = 0;
        for (INDArray weight : weights) {
            largest = Math.max(largest, rows * weight.length());
        }
        return largest;
    }

    private double step(INDArray features, INDArray labels) {
        INDArray input = contiguous(features);
        INDArray target = contiguous(labels);
        long n = input.rows();
        Buffers arrays = buffers.computeIfAbsent(n, this::allocate);
        int last = weights.length - 1;
        INDArray below = input;
        for (int i = 0; i <= last; i++) {
            Nd4j.gemm(below, weights[i], arrays.activations[i], false, false, 1.0, 0.0);
            arrays.activations[i].addiRowVector(biases[i]);
            activate(activations[i], arrays.activations[i]);
            below = arrays.activations[i];
        }
        double score = outputDelta(arrays, target) / n;
        // the output layer's delta lacks the loss's constant factor, which the products below apply for it
        double scale = classifier ? 1.0 : 2.0 / weights[last].columns();
        for (int i = last; i >= 0; i--) {
            INDArray in = i == 0 ? input : arrays.activations[i - 1];
            double alpha = i == last ? scale : 1.0;
            Nd4j.gemm(in, arrays.deltas[i], weightGradients[i], true, false, alpha, 0.0);
            // the column sums as a product with a row of ones: ND4J's sum along rows took 220-300 us at 256 x 784
            // (one thread), the product 100
            Nd4j.gemm(arrays.ones, arrays.deltas[i], biasGradients[i].reshape(1, biasGradients[i].length()), false,
                    false, alpha, 0.0);
            if (i > 0) {
                Nd4j.gemm(arrays.deltas[i], weights[i], arrays.deltas[i - 1], false, true, alpha, 0.0);
                multiplyByDerivative(activations[i - 1], arrays.activations[i - 1], arrays.deltas[i - 1],
                        arrays.scratch[i - 1]);
            }
        }
        int iteration = network.getIterationCount();
        // DL4J's updater divides the summed gradients by the batch size, then applies the optimiser in place
        network.getUpdater().update(network, gradient, iteration, network.getEpochCount(), (int) n,
                LayerWorkspaceMgr.noWorkspaces());
        parameters.subi(gradients);
        network.setIterationCount(iteration + 1);
        network.setScore(score);
        return score;
    }

    /**
     * The output layer's gradient, summed over the batch, into the last delta (for the squared error without its
     * factor {@code 2 / outputs}); returns the summed loss.
     */
    private double outputDelta(Buffers arrays, INDArray target) {
        int last = weights.length - 1;
        INDArray output = arrays.activations[last];
        INDArray delta = arrays.deltas[last];
        INDArray scratch = arrays.scratch[last];
        if (classifier) {
            // cross-entropy over a softmax: the gradient is output - labels; the loss clips as DL4J's does
            scratch.assign(output);
            Transforms.max(scratch, 1e-10, false);
            Transforms.log(scratch, false);
            double loss = -scratch.muli(target).sumNumber().doubleValue();
            delta.assign(output).subi(target);
            return loss;
        }
        // mean squared error per output: (output - label)^2 / outputs, its gradient 2 (output - label) / outputs
        Nd4j.exec(new SubOp(output, target, delta));
        // the sum of squares as BLAS's dot product: ND4J's norm2 took 440 us at 256 x 784 (one thread), the dot 27
        INDArray flat = delta.reshape(delta.length());
        double squares = Nd4j.getBlasWrapper().dot(flat, flat);
        multiplyByDerivative(activations[last], output, delta, scratch);
        return squares / output.columns();
    }

    private static void activate(Kind kind, INDArray values) {
        switch (kind) {
            case RELU -> Transforms.relu(values, false);
            case SIGMOID -> sigmoid(values);
            case TANH -> Transforms.tanh(values, false);
            case SOFTMAX -> Nd4j.exec(new SoftMax(values, values, -1));
            case IDENTITY -> {
            }
        }
    }

    /**
     * The logistic sigmoid in place, as {@code (1 + tanh(z / 2)) / 2}: ND4J's sigmoid is a scalar loop (513 us at
     * 256 x 784 on one thread), while its {@code tanh} custom op runs on oneDNN (113 us); with the three passes
     * around it, 240 us.
     */
    private static void sigmoid(INDArray values) {
        values.muli(0.5);
        Nd4j.exec(DynamicCustomOp.builder("tanh").addInputs(values).addOutputs(values).build());
        values.addi(1.0).muli(0.5);
    }

    /** {@code delta *= f'(z)}, written with the activation's output {@code a = f(z)}. */
    private static void multiplyByDerivative(Kind kind, INDArray activation, INDArray delta, INDArray scratch) {
        switch (kind) {
            case RELU -> {
                // a >= 0, so sign(a) is 1 where z > 0 and 0 elsewhere, as DL4J's ReLU derivative
                Nd4j.exec(new Sign(activation, scratch));
                delta.muli(scratch);
            }
            case SIGMOID -> {
                Nd4j.exec(new TimesOneMinus(activation, scratch));
                delta.muli(scratch);
            }
            case TANH -> delta.muli(scratch.assign(activation).muli(activation).rsubi(1.0));
            case IDENTITY, SOFTMAX -> {
            }
        }
    }

    private Buffers allocate(long rows) {
        Buffers arrays = new Buffers(weights.length, Nd4j.ones(DataType.FLOAT, 1, rows));
        for (int i = 0; i < weights.length; i++) {
            long columns = weights[i].columns();
            arrays.activations[i] = Nd4j.create(DataType.FLOAT, rows, columns);
            arrays.deltas[i] = Nd4j.create(DataType.FLOAT, rows, columns);
            arrays.scratch[i] = Nd4j.create(DataType.FLOAT, rows, columns);
        }
        return arrays;
    }

    private static INDArray contiguous(INDArray array) {
        return array.isView() || array.ordering() != 'c' ? array.dup('c') : array;
    }

    /** Whether every layer is one this class computes, recording each layer's activation. */
    private static boolean supported(MultiLayerNetwork network, Kind[] kinds) {
        if (!network.getLayerWiseConfigurations().getInputPreProcessors().isEmpty()) {
            return false;
        }
        Layer[] layers = network.getLayers();
        for (int i = 0; i < layers.length; i++) {
            org.deeplearning4j.nn.conf.layers.Layer conf = layers[i].conf().getLayer();
            boolean output = i == layers.length - 1;
            boolean dense = output ? conf.getClass() == OutputLayer.class : conf.getClass() == DenseLayer.class;
            if (!dense || !plain((BaseLayer) conf)) {
                return false;
            }
            kinds[i] = kind(((BaseLayer) conf).getActivationFn());
            if (kinds[i] == null || (kinds[i] == Kind.SOFTMAX && !output)) {
                return false;
            }
            if (output && !supportedLoss(((OutputLayer) conf).getLossFn(), kinds[i])) {
                return false;
            }
            if (!output && (!((DenseLayer) conf).hasBias() || ((DenseLayer) conf).hasLayerNorm())) {
                return false;
            }
            if (output && !((OutputLayer) conf).hasBias()) {
                return false;
            }
        }
        return layers.length > 0;
    }

    private static boolean plain(BaseLayer conf) {
        return conf.getIDropout() == null && conf.getWeightNoise() == null
                && (conf.getConstraints() == null || conf.getConstraints().isEmpty())
                && (conf.getRegularization() == null || conf.getRegularization().isEmpty())
                && (conf.getRegularizationBias() == null || conf.getRegularizationBias().isEmpty())
                && (conf.getGradientNormalization() == null
                        || conf.getGradientNormalization() == GradientNormalization.None);
    }

    private static boolean supportedLoss(ILossFunction loss, Kind output) {
        if (loss.getClass() == LossMSE.class) {
            return ((LossMSE) loss).getWeights() == null && (output == Kind.SIGMOID || output == Kind.IDENTITY);
        }
        if (loss.getClass() == LossMCXENT.class) {
            return ((LossMCXENT) loss).getWeights() == null && output == Kind.SOFTMAX;
        }
        return false;
    }

    private static Kind kind(IActivation activation) {
        if (activation.getClass() == ActivationReLU.class) {
            return plainRelu((ActivationReLU) activation) ? Kind.RELU : null;
        }
        if (activation.getClass() == ActivationSigmoid.class) {
            return Kind.SIGMOID;
        }
        if (activation.getClass() == ActivationTanH.class) {
            return Kind.TANH;
        }
        if (activation.getClass() == ActivationIdentity.class) {
            return Kind.IDENTITY;
        }
        return activation.getClass() == ActivationSoftmax.class ? Kind.SOFTMAX : null;
    }

    /** A ReLU without a maximum, threshold or negative slope, which is what {@code Activation.RELU} builds. */
    private static boolean plainRelu(ActivationReLU relu) {
        return relu.equals(new ActivationReLU());
    }

    /** The arrays of one batch size: each layer's activations, its loss gradient and room for a derivative. */
    private static final class Buffers {
        final INDArray[] activations;
        final INDArray[] deltas;
        final INDArray[] scratch;
        /** {@code [1, rows]} of ones, which sums a delta's columns by a product. */
        final INDArray ones;

        Buffers(int layers, INDArray ones) {
            activations = new INDArray[layers];
            deltas = new INDArray[layers];
            scratch = new INDArray[layers];
            this.ones = ones;
        }
    }
}
