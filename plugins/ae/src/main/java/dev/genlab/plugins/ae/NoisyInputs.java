package dev.genlab.plugins.ae;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Split;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The corrupted inputs of one run, drawn from seeds of their own derived from the experiment's seed, so that a run
 * repeats and the weights' initialisation does not shift the noise: a fresh draw for every training step, from the
 * step's seed, and one corruption of the test split kept for the whole run, so that epochs are scored on the same
 * noisy images.
 */
final class NoisyInputs {
    private final Corruption corruption;
    private final long testSeed;
    private Split test;
    private INDArray noisyTest;

    NoisyInputs(Corruption corruption, long seed) {
        this.corruption = requireNonNull(corruption, "corruption is null");
        this.testSeed = seed * 31 + 2;
    }

    /** Whether the inputs differ from the clean images at all (not for the plain autoencoder). */
    boolean corrupts() {
        return corruption.kind() != Corruption.Kind.NONE;
    }

    /** A new corruption of a training batch, drawn from the step's seed (so a resumed run draws the same). */
    INDArray training(INDArray clean, long stepSeed) {
        return corruption.apply(clean, stepSeed * 31 + 1);
    }

    /** The test split's corrupted images: drawn on first use, the same ones afterwards. */
    INDArray test(Split split) {
        if (split != test) {
            noisyTest = corrupt(split.features(), testSeed);
            test = split;
        }
        return noisyTest;
    }

    /** A corruption of {@code clean} fully determined by {@code seed}. */
    INDArray corrupt(INDArray clean, long seed) {
        return corruption.apply(clean, seed);
    }
}
