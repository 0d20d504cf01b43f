package dev.genlab.plugins.ae;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Description;
import dev.genlab.api.Max;
import dev.genlab.api.Min;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * How the denoising autoencoder corrupts its input ({@code corruption: {kind: masking, fraction: 0.3}}). A value
 * that the kind does not use is ignored, as with the optimiser's momentum under Adam.
 *
 * @param kind what is done to the pixels
 * @param factor the standard deviation of the added Gaussian noise
 * @param fraction the share of pixels masked or salted
 */
public record Corruption(
        @Description("none, gaussian (x + factor * N(0, 1), not clipped), gaussian-clipped (the same clipped to "
                + "[0, 1]), masking (a fraction of pixels set to 0) or salt-and-pepper (a fraction set to 0 or 1)")
        Kind kind,
        @Description("standard deviation of the Gaussian noise (gaussian, gaussian-clipped)") @Min(0) double factor,
        @Description("share of pixels changed (masking, salt-and-pepper)") @Min(0) @Max(1) double fraction) {
    /** The reference corruption: x + 0.55 * N(0, 1), unclipped. */
    static final Corruption DEFAULTS = new Corruption(Kind.GAUSSIAN, 0.55, 0.3);
    /** No corruption: the plain autoencoder. */
    static final Corruption NONE = new Corruption(Kind.NONE, 0, 0);

    public Corruption {
        requireNonNull(kind, "kind is null");
    }

    /** The kinds of corruption. */
    public enum Kind {
        NONE, GAUSSIAN, GAUSSIAN_CLIPPED, MASKING, SALT_AND_PEPPER
    }

    /** A corrupted copy of {@code clean} ({@code [n, pixels]} in [0, 1]), the noise drawn from {@code random}. */
    INDArray apply(INDArray clean, Random random) {
        return switch (kind) {
            case NONE -> clean;
            case GAUSSIAN -> clean.add(Nd4j.randn(clean.ulike(), random).muli(factor));
            case GAUSSIAN_CLIPPED -> clip(clean.add(Nd4j.randn(clean.ulike(), random).muli(factor)));
            case MASKING -> clean.mul(uniform(clean, random).gte(fraction).castTo(clean.dataType()));
            case SALT_AND_PEPPER -> saltAndPepper(clean, random);
        };
    }

    /** One uniform draw u per pixel: u < fraction / 2 turns it white (salt), u < fraction black (pepper). */
    private INDArray saltAndPepper(INDArray clean, Random random) {
        INDArray u = uniform(clean, random);
        INDArray kept = u.gte(fraction).castTo(clean.dataType());
        INDArray salt = u.lt(fraction / 2).castTo(clean.dataType());
        return clean.mul(kept).addi(salt);
    }

    private static INDArray uniform(INDArray like, Random random) {
        return Nd4j.rand(Nd4j.createUninitialized(DataType.FLOAT, like.shape()), random);
    }

    private static INDArray clip(INDArray values) {
        return Transforms.min(Transforms.max(values, 0.0, false), 1.0, false);
    }
}
