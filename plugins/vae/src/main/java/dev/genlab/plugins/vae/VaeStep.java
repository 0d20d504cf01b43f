package dev.genlab.plugins.vae;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.ImageShape;
import dev.genlab.support.Dnnl;
import dev.genlab.support.FloatArrays;
import dev.genlab.support.OneThread;
import dev.genlab.support.PlanForSize;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One training step of the unconditional VAE computed by hand, on the graph's own weight arrays and with its own
 * optimiser state: what {@code sd.fit} computes, without SameDiff's executor.
 *
 * <p>Why: a step through SameDiff took 220-245 ms against PyTorch's 165 (batch 128, one thread) although its
 * convolutions were about as fast (oneDNN in both). The rest was ND4J's element-wise ops around them, as SameDiff
 * differentiates them (the bias gradients alone 16 ms a step, a ReLU 13 ms at the decoder's largest map, the crops
 * of the transposed convolutions 10 ms), and allocating every array anew. Computed by hand on ND4J's ops, with
 * every array in one workspace reused from step to step, a step took 169-173 ms; ND4J's convolutions still
 * reordered their arrays between its plain layouts and oneDNN's blocked ones around every call (20 of the 64 ms
 * oneDNN took in a two-thread step). So the convolutions are now {@link VaeConvolutions}, on oneDNN directly, with
 * the activations in oneDNN's layouts; the dense layers, the sampling, the losses and the optimiser stay on ND4J.
 *
 * <p>It covers single-channel images without conditioning (the reference VAE and the binarized one); {@link
 * #covers} says which. {@code VaeStepTest} trains the same network by this step and by {@code sd.fit} and compares
 * losses, weights and optimiser state.
 */
final class VaeStep {
    /** The outputs of {@link VaeGraph} that {@link #forward} computes. */
    static final Set<String> FORWARD_OUTPUTS = Set.of(VaeGraph.MEAN, VaeGraph.LOG_VARIANCE, VaeGraph.OUTPUT,
            VaeGraph.RECONSTRUCTION_PER_IMAGE, VaeGraph.KL_PER_IMAGE);

    /**
     * Every array of a step lives in this workspace: one block, sized by the first step and reused by the next, so
     * that a step allocates nothing (allocating its arrays took 8% of a step).
     */
    private static final WorkspaceConfiguration WORKSPACE = WorkspaceConfiguration.builder()
            .policyAllocation(AllocationPolicy.STRICT).policyLearning(LearningPolicy.FIRST_LOOP).build();
    private static final String WORKSPACE_ID = "genlab-vae-step";
    /** Training plans kept at once, by batch size (each holds the activations and gradients of its batch size). */
    private static final int TRAINING_PLANS = 2;

    private final SameDiff sd;
    private final VaeParameters parameters;
    private final ImageShape shape;
    private final int encoders;
    private final int decoders;
    private final int codeSide;
    /** oneDNN's convolutions by batch size: their primitives and the activations they keep between calls. */
    private final Map<Integer, VaeConvolutions> convolutions = new LinkedHashMap<>();
    /**
     * The forward-only convolutions of {@link #forward}, one batch size at a time: a test pass runs one batch size,
     * and a plan for 500 images holds about 150 MB of maps (the sum of its layouts' sizes).
     */
    private final PlanForSize<VaeConvolutions> inference = new PlanForSize<>(n -> convolutions(n, false));

    private VaeStep(SameDiff sd, VaeParameters parameters, ImageShape shape) {
        this.sd = requireNonNull(sd, "sd is null");
        this.parameters = requireNonNull(parameters, "parameters is null");
        this.shape = requireNonNull(shape, "shape is null");
        this.encoders = parameters.filters().size();
        this.decoders = encoders + 1;
        this.codeSide = shape.height() >> encoders;
    }

    /**
     * Whether this step computes what a VAE graph does on images of {@code shape} conditioned on {@code classes}
     * classes (0: unconditional), whatever its parameters.
     */
    static boolean covers(ImageShape shape, int classes) {
        // its convolutions run on oneDNN, on the arrays' host memory: ND4J's CPU backend only
        return classes == 0 && shape.channels() == 1 && shape.height() == shape.width()
                && Nd4j.getEnvironment().isCPU() && Dnnl.available();
    }

    /** The step for {@code sd}, a graph {@link VaeGraph} built from {@code parameters}; see {@link #covers}. */
    static VaeStep of(SameDiff sd, VaeParameters parameters, ImageShape shape) {
        if (!covers(shape, 0)) {
            throw new IllegalArgumentException("no hand-computed step for " + parameters + " on " + shape);
        }
        return new VaeStep(sd, parameters, shape);
    }

    /**
     * One optimiser step on {@code images} {@code [n, pixels]} with noise {@code eps} {@code [n, latent]} and KL
     * weight {@code klWeight}; the losses are those before the update. The graph's training must have started
     * ({@code sd.fit} once), so that its optimiser state exists.
     */
    VaeNetwork.StepLosses fit(INDArray images, INDArray eps, double klWeight) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, WORKSPACE_ID)) {
            return step(images, eps, klWeight);
        }
    }

    private VaeNetwork.StepLosses step(INDArray images, INDArray eps, double klWeight) {
        VaeConvolutions convolutions = training((int) images.size(0));
        Map<String, INDArray> gradients = new LinkedHashMap<>();
        Forward forward = forward(convolutions, images, eps);
        Code code = forward.code();

        // losses per image and their gradient with respect to the logits, over the batch's mean
        Losses losses = losses(forward.pixels(), forward.logits(), code.mean(), code.logVariance());

        INDArray denseGradient = code.dense().like();
        convolutions.decodeBackward(losses.logitGradient, denseGradient, this::weight, gradients);
        INDArray gradient;
        try (OneThread ignored = OneThread.enter()) {
            gradient = codeBackward(denseGradient, code, eps, klWeight, gradients).reshape(forward.encoded().shape());
        }
        convolutions.encodeBackward(gradient, this::weight, gradients);
        try (OneThread ignored = OneThread.enter()) {
            update(gradients);
        }
        return new VaeNetwork.StepLosses(losses.reconstruction + (float) klWeight * losses.kl, losses.reconstruction,
                losses.kl);
    }

    /**
     * The graph's outputs for {@code images} {@code [n, pixels]} and noise {@code eps}, computed as a step computes
     * them but without gradients: {@link #FORWARD_OUTPUTS}, in arrays of their own (outside any workspace).
     */
    Map<String, INDArray> forward(INDArray images, INDArray eps) {
        int n = (int) images.size(0);
        int side = shape.height();
        Forward forward = forward(inference.get(n), images, eps);
        Code code = forward.code();
        INDArray pixels = forward.pixels();
        INDArray logits = forward.logits();

        int pixelsPerImage = side * side;
        FloatBuffer x = FloatArrays.values(pixels);
        FloatBuffer l = FloatArrays.values(logits);
        INDArray output = Nd4j.create(DataType.FLOAT, n, pixelsPerImage);
        FloatBuffer o = FloatArrays.values(output);
        INDArray reconstruction = Nd4j.create(DataType.FLOAT, n);
        INDArray kl = Nd4j.create(DataType.FLOAT, n);
        FloatBuffer m = FloatArrays.values(code.mean());
        FloatBuffer v = FloatArrays.values(code.logVariance());
        int latent = parameters.latentDim();
        for (int image = 0; image < n; image++) {
            double sum = 0;
            for (int i = image * pixelsPerImage; i < (image + 1) * pixelsPerImage; i++) {
                float logit = l.get(i);
                float sigmoid = sigmoid(logit);
                o.put(i, sigmoid);
                sum += reconstruction(logit, sigmoid, x.get(i));
            }
            reconstruction.putScalar(image, sum);
            kl.putScalar(image, kl(m, v, image * latent, (image + 1) * latent));
        }
        forward.encoded().close();
        code.deviation().close();
        code.z().close();
        code.dense().close();
        logits.close();
        return Map.of(VaeGraph.MEAN, code.mean(), VaeGraph.LOG_VARIANCE, code.logVariance(), VaeGraph.OUTPUT, output,
                VaeGraph.RECONSTRUCTION_PER_IMAGE, reconstruction, VaeGraph.KL_PER_IMAGE, kl);
    }

    /**
     * The training plan for batches of {@code n}: an epoch's full batches and its last, smaller one use two; past
     * {@link #TRAINING_PLANS} the plan used longest ago is freed.
     */
    private VaeConvolutions training(int n) {
        VaeConvolutions plan = convolutions.remove(n);
        if (plan == null) {
            if (convolutions.size() == TRAINING_PLANS) {
                Integer oldest = convolutions.keySet().iterator().next();
                convolutions.remove(oldest).close();
            }
            plan = convolutions(n, true);
        }
        // most recently used last
        convolutions.put(n, plan);
        return plan;
    }

    /** A forward pass: the images as one float array, the encoder's last maps, the code and the logits. */
    private record Forward(INDArray pixels, INDArray encoded, Code code, INDArray logits) {
    }

    /** {@code images} {@code [n, pixels]} with noise {@code eps} through {@code convolutions} and the dense layers. */
    private Forward forward(VaeConvolutions convolutions, INDArray images, INDArray eps) {
        int n = (int) images.size(0);
        int side = shape.height();
        INDArray pixels = FloatArrays.whole(images);
        long encodedSide = parameters.encodedSide(side);
        INDArray encoded = Nd4j.create(DataType.FLOAT, n, encodedSide, encodedSide,
                parameters.filters().get(encoders - 1));
        convolutions.encode(pixels, encoded, this::weight);
        // the dense layers and the sampling between the convolutions: small ops, faster on one thread
        Code code;
        try (OneThread ignored = OneThread.enter()) {
            code = code(encoded, eps);
        }
        INDArray logits = Nd4j.create(DataType.FLOAT, n, (long) side * side);
        convolutions.decode(code.dense(), logits, this::weight);
        return new Forward(pixels, encoded, code, logits);
    }

    /** The convolutions for batches of {@code n}, their output channels read off the graph's kernels. */
    private VaeConvolutions convolutions(int n, boolean training) {
        int[] channels = new int[decoders];
        for (int j = 0; j < decoders; j++) {
            channels[j] = (int) weight("decoder_deconv" + (j + 1) + "_W").size(2);
        }
        return new VaeConvolutions(n, shape.height(), parameters, codeSide, channels, training);
    }

    /** The encoder's dense layer, the sampled code and the decoder's dense layer, and what their gradients need. */
    private record Code(INDArray flat, INDArray mean, INDArray logVariance, INDArray deviation, INDArray z,
            INDArray dense) {
    }

    /** From the encoder's last feature maps {@code h} and the noise {@code eps} to the decoder's dense layer. */
    private Code code(INDArray h, INDArray eps) {
        long n = h.size(0);
        INDArray flat = h.reshape(n, h.length() / n);
        INDArray statistics = product(flat, weight("encoder_dense_W")).addiRowVector(weight("encoder_dense_b"));
        int latent = parameters.latentDim();
        INDArray mean = statistics.get(all(), interval(0, latent)).dup();
        INDArray logVariance = statistics.get(all(), interval(latent, 2 * latent)).dup();
        INDArray deviation = Nd4j.math().exp(logVariance.mul(0.5));
        INDArray z = mean.add(deviation.mul(eps));
        INDArray dense = product(z, weight("decoder_dense_W")).addiRowVector(weight("decoder_dense_b"));
        if (parameters.decoderActivation() == VaeParameters.DecoderActivation.RELU) {
            reluInPlace(dense);
        }
        return new Code(flat, mean, logVariance, deviation, z, dense);
    }

    /**
     * Backward from the gradient at the decoder's first feature maps through its dense layer, the sampling and the
     * KL term (weighted {@code klWeight}) and the encoder's dense layer: puts the dense layers' gradients into
     * {@code gradients} and returns the gradient at the encoder's flattened last feature maps.
     */
    private INDArray codeBackward(INDArray gradient, Code code, INDArray eps, double klWeight,
            Map<String, INDArray> gradients) {
        long n = code.dense().size(0);
        INDArray denseGradient = gradient.reshape(n, code.dense().size(1));
        if (parameters.decoderActivation() == VaeParameters.DecoderActivation.RELU) {
            maskInPlace(denseGradient, code.dense());
        }
        gradients.put("decoder_dense_W", product(code.z().transpose(), denseGradient));
        gradients.put("decoder_dense_b", denseGradient.sum(true, 0).reshape(denseGradient.size(1)));
        INDArray codeGradient = product(denseGradient, weight("decoder_dense_W").transpose());

        // through the sampling and the KL term to the posterior's mean and log-variance
        double klScale = klWeight / n;
        INDArray meanGradient = codeGradient.add(code.mean().mul(klScale));
        INDArray logVarianceGradient = codeGradient.mul(eps).muli(code.deviation()).muli(0.5)
                .addi(Nd4j.math().exp(code.logVariance()).subi(1).muli(0.5 * klScale));
        INDArray statisticsGradient = Nd4j.hstack(meanGradient, logVarianceGradient);
        gradients.put("encoder_dense_W", product(code.flat().transpose(), statisticsGradient));
        gradients.put("encoder_dense_b", statisticsGradient.sum(true, 0).reshape(statisticsGradient.size(1)));
        return product(statisticsGradient, weight("encoder_dense_W").transpose());
    }

    /** The optimiser's step on every weight, as SameDiff's training session takes it. */
    private void update(Map<String, INDArray> gradients) {
        TrainingConfig config = sd.getTrainingConfig();
        Map<String, GradientUpdater> updaters = sd.getUpdaterMap();
        if (!updaters.keySet().equals(gradients.keySet())) {
            throw new IllegalStateException("the graph trains " + updaters.keySet() + ", this step computes "
                    + gradients.keySet());
        }
        int iteration = config.getIterationCount();
        int epoch = config.getEpochCount();
        for (Map.Entry<String, INDArray> entry : gradients.entrySet()) {
            INDArray step = entry.getValue();
            updaters.get(entry.getKey()).applyUpdater(step, iteration, epoch);
            INDArray weight = weight(entry.getKey());
            if (config.isMinimize()) {
                weight.subi(step.reshape(weight.shape()));
            } else {
                weight.addi(step.reshape(weight.shape()));
            }
        }
        config.incrementIterationCount();
    }

    private record Losses(double reconstruction, double kl, INDArray logitGradient) {
    }

    /**
     * The batch means of the reconstruction and KL terms, and the gradient of the loss with respect to the logits
     * (the reconstruction term's alone: the KL term does not depend on them), in one pass over the pixels.
     */
    private Losses losses(INDArray images, INDArray logits, INDArray mean, INDArray logVariance) {
        int n = (int) logits.size(0);
        int pixels = (int) logits.size(1);
        FloatBuffer x = FloatArrays.values(images);
        INDArray logitGradient = Nd4j.create(DataType.FLOAT, n, pixels);
        FloatBuffer l = FloatArrays.values(logits);
        FloatBuffer g = FloatArrays.values(logitGradient);
        boolean gaussian = parameters.likelihood() == VaeParameters.Likelihood.GAUSSIAN;
        double reconstruction = 0;
        float perImage = 1f / n;
        for (int i = 0; i < n * pixels; i++) {
            float logit = l.get(i);
            float pixel = x.get(i);
            float output = sigmoid(logit);
            reconstruction += reconstruction(logit, output, pixel);
            g.put(i, (gaussian ? (output - pixel) * output * (1 - output) : output - pixel) * perImage);
        }
        FloatBuffer m = FloatArrays.values(mean);
        double kl = kl(m, FloatArrays.values(logVariance), 0, m.capacity());
        return new Losses(reconstruction / n, kl / n, logitGradient);
    }

    private static float sigmoid(float logit) {
        return (float) (1 / (1 + Math.exp(-logit)));
    }

    /** A pixel's reconstruction term: half its squared error, or the graph's stable cross-entropy from the logit. */
    private double reconstruction(float logit, float output, float pixel) {
        if (parameters.likelihood() == VaeParameters.Likelihood.GAUSSIAN) {
            float difference = output - pixel;
            return 0.5 * difference * difference;
        }
        // max(l, 0) - x l + log(1 + exp(-|l|))
        return Math.max(logit, 0) - pixel * logit + Math.log1p(Math.exp(-Math.abs(logit)));
    }

    /** KL(q || N(0, I)) summed over the codes {@code from} to {@code to} of the means and log-variances. */
    private static double kl(FloatBuffer mean, FloatBuffer logVariance, int from, int to) {
        double kl = 0;
        for (int i = from; i < to; i++) {
            kl += 0.5 * (mean.get(i) * mean.get(i) + Math.exp(logVariance.get(i)) - 1 - logVariance.get(i));
        }
        return kl;
    }

    private INDArray weight(String name) {
        INDArray array = sd.getArrForVarName(name);
        if (array == null) {
            throw new IllegalStateException("the VAE graph has no weight " + name);
        }
        return array;
    }

    /** {@code a b} as a new c-ordered array. */
    private static INDArray product(INDArray a, INDArray b) {
        INDArray result = Nd4j.create(DataType.FLOAT, a.size(0), b.size(1));
        return a.mmuli(b, result);
    }

    private static void reluInPlace(INDArray a) {
        Transforms.relu(a, false);
    }

    /** {@code gradient} zeroed where {@code activation} (a ReLU's output) is not positive. */
    private static void maskInPlace(INDArray gradient, INDArray activation) {
        INDArray positive = activation.like();
        Nd4j.exec(new Step(activation, positive, 0.0));
        gradient.muli(positive);
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex all() {
        return org.nd4j.linalg.indexing.NDArrayIndex.all();
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex interval(long from, long to) {
        return org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to);
    }
}
