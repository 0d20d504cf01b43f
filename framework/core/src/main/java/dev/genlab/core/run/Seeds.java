package dev.genlab.core.run;

/**
 * Seeds derived from the experiment's seed, so that what a step draws depends on where it is in training and
 * not on what ran before it in this process: a resumed run draws exactly what an uninterrupted one would.
 */
final class Seeds {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    /** The seed of step {@code step}'s randomness (noise, dropout, latent codes). */
    static long step(long seed, long step) {
        return mix(mix(seed) + step * GOLDEN);
    }

    /** The seed of the order in which epoch {@code epoch} of stage {@code stage} visits the training data. */
    static long order(long seed, int stage, long epoch) {
        return mix(mix(mix(seed) ^ 0x5DEECE66DL) + stage * GOLDEN + epoch * 0xBF58476D1CE4E5B9L);
    }

    /** SplitMix64's finaliser: a bijection that scatters nearby inputs far apart. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
