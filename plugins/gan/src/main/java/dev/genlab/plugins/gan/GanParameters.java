package dev.genlab.plugins.gan;

import dev.genlab.api.Description;
import dev.genlab.api.Max;
import dev.genlab.api.Min;

/** Parameters of the DCGAN; the defaults are the reference configuration. */
public record GanParameters(
        @Description("size of the latent vector z, drawn uniformly from [-1, 1]") @Min(1) int latentDim,
        @Description("channels of the generator's first feature map; its two transposed convolutions have a half "
                + "and a quarter of them (reference: 64, so 64-32-16)") @Min(4) int generatorFilters,
        @Description("filters of the discriminator's first convolution; its second and third have four times as "
                + "many (reference: 64, so 64-256-256)") @Min(1) int discriminatorFilters,
        @Description("fraction of activations dropped by each dropout layer (Keras convention: 0.4 drops 40%)")
        @Min(0) @Max(value = 1, exclusive = true) double dropout,
        @Description("negative slope of the generator's LeakyReLU activations") @Min(0) double leakySlope,
        @Description("momentum of the generator's batch-norm moving averages") @Min(0) @Max(value = 1, exclusive = true)
        double bnMomentum,
        @Description("the sample grid is this many images wide and high (a conditional model's: this many wide, one "
                + "row per class)") @Min(1) @Max(32) int sampleGridSize,
        @Description("condition on the class: the label, one-hot, joins z before the generator's dense layer and is "
                + "projected onto the discriminator's features (a projection discriminator), whose auxiliary "
                + "classifier also scores the generator on the class, so samples of a requested class can be made "
                + "(needs a dataset with classes)")
        boolean conditional) {
    static final GanParameters DEFAULTS = new GanParameters(32, 64, 64, 0.4, 0.3, 0.9, 8, false);

    /** An unconditional DCGAN. */
    public GanParameters(int latentDim, int generatorFilters, int discriminatorFilters, double dropout,
            double leakySlope, double bnMomentum, int sampleGridSize) {
        this(latentDim, generatorFilters, discriminatorFilters, dropout, leakySlope, bnMomentum, sampleGridSize,
                false);
    }
}
