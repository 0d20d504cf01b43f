package dev.genlab.plugins.vae;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Description;
import dev.genlab.api.Max;
import dev.genlab.api.Min;
import java.util.List;
import java.util.Optional;

/** Parameters of the convolutional variational autoencoder. */
public record VaeParameters(
        @Description("size of the latent code z") @Min(1) int latentDim,
        @Description("filters of the stride-2 encoder convolutions; the decoder mirrors them") @Min(1)
        List<Integer> filters,
        @Description("reconstruction term: gaussian (0.5 x summed squared error) or bernoulli (summed binary "
                + "cross-entropy)")
        Likelihood likelihood,
        @Description("weight of the KL term (1: the ELBO; other values: a beta-VAE)") @Min(0) double beta,
        @Description("steps over which the KL weight rises linearly from 0 to beta (0: no warm-up)") @Min(0)
        long klWarmupSteps,
        @Description("importance samples per test image for the negative log-likelihood at the final evaluation "
                + "(0: not estimated)") @Min(0) @Max(10000)
        int importanceSamples,
        @Description("channels of the map the decoder's dense layer makes (default: the last encoder filter count)")
        @Min(1) Optional<Integer> decoderChannels,
        @Description("activation of the decoder's dense layer: none (the reference) or relu (as in TensorFlow's "
                + "VAE tutorial)")
        DecoderActivation decoderActivation,
        @Description("condition on the class: the label, one-hot, joins the encoder's features before its dense "
                + "layer and the latent code before the decoder, so samples of a requested class can be made "
                + "(needs a dataset with classes)")
        boolean conditional,
        @Description("padding of the encoder's convolutions: same (the reference: 28 -> 14 -> 7) or valid (as in "
                + "TensorFlow's VAE tutorial: 28 -> 13 -> 6); the decoder starts from the same-padded size either way")
        Padding encoderPadding) {
    /**
     * The reference configuration: latent 16, filters 32 and 64, Gaussian likelihood, plain ELBO; the likelihood
     * estimated with 50 importance samples an image.
     */
    static final VaeParameters DEFAULTS = new VaeParameters(16, List.of(32, 64), Likelihood.GAUSSIAN, 1.0, 0, 50,
            Optional.empty(), DecoderActivation.NONE, false, Padding.SAME);

    public VaeParameters {
        filters = List.copyOf(filters);
        requireNonNull(likelihood, "likelihood is null");
        requireNonNull(decoderChannels, "decoderChannels is null");
        requireNonNull(decoderActivation, "decoderActivation is null");
        requireNonNull(encoderPadding, "encoderPadding is null");
    }

    /** An unconditional VAE. */
    public VaeParameters(int latentDim, List<Integer> filters, Likelihood likelihood, double beta, long klWarmupSteps,
            int importanceSamples, Optional<Integer> decoderChannels, DecoderActivation decoderActivation) {
        this(latentDim, filters, likelihood, beta, klWarmupSteps, importanceSamples, decoderChannels,
                decoderActivation, false);
    }

    /** A VAE whose encoder pads as the reference does. */
    public VaeParameters(int latentDim, List<Integer> filters, Likelihood likelihood, double beta, long klWarmupSteps,
            int importanceSamples, Optional<Integer> decoderChannels, DecoderActivation decoderActivation,
            boolean conditional) {
        this(latentDim, filters, likelihood, beta, klWarmupSteps, importanceSamples, decoderChannels,
                decoderActivation, conditional, Padding.SAME);
    }

    /** The side of the encoder's last map for an image side of {@code side}: stride 2, kernel 3, as padded. */
    long encodedSide(long side) {
        return encodedSide(side, filters.size());
    }

    /** The side of the map after the first {@code layers} encoder convolutions. */
    long encodedSide(long side, int layers) {
        long encoded = side;
        for (int i = 0; i < layers; i++) {
            encoded = encoderPadding == Padding.SAME ? (encoded + 1) / 2 : (encoded - 3) / 2 + 1;
        }
        return encoded;
    }

    /** The classes the model conditions on for a dataset of {@code datasetClasses}: 0 when unconditional. */
    int conditionClasses(int datasetClasses) {
        return conditional ? datasetClasses : 0;
    }

    /** The weight on the KL term for the step about to be taken (0-based), after the warm-up ramp. */
    double klWeight(long step) {
        if (klWarmupSteps == 0) {
            return beta;
        }
        return beta * Math.min(1.0, (step + 1) / (double) klWarmupSteps);
    }

    /**
     * What the reconstruction term leaves out of {@code -log p(x|z)} for an image of {@code pixels}: the Gaussian
     * (unit variance) density's normalising constant {@code pixels/2 ln(2 pi)}; nothing for the Bernoulli.
     */
    double logLikelihoodConstant(int pixels) {
        return likelihood == Likelihood.GAUSSIAN ? 0.5 * pixels * Math.log(2 * Math.PI) : 0;
    }

    /** The channels of the decoder's first feature map. */
    int denseChannels() {
        return decoderChannels.orElse(filters.isEmpty() ? 1 : filters.get(filters.size() - 1));
    }

    /** The decoder's dense layer's activation. */
    public enum DecoderActivation {
        NONE, RELU
    }

    /** Padding of a convolution: SAME keeps ceil(side / stride), VALID uses only whole kernel windows. */
    public enum Padding {
        SAME, VALID
    }

    /** How the decoder's output is scored against the input pixels. */
    public enum Likelihood {
        GAUSSIAN, BERNOULLI
    }
}
