package dev.genlab.compare;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which way is better for a metric, from the last part of its key ({@code test/psnr} -> {@code psnr}): the one
 * table of rules the comparison marks best values by. A name matches a rule when it is the rule's word or starts
 * or ends with it as a {@code _}-separated part ({@code mse_mean_image} is a baseline, listed as neither).
 */
final class MetricRules {
    /** Which value of a metric is the best one. */
    enum Better {
        LOWER, HIGHER, NEITHER
    }

    private record Rule(String word, Better better) {
    }

    /** Checked in order: exact names first, then the words. */
    private static final List<Rule> EXACT = List.of(
            new Rule("mse_mean_image", Better.NEITHER),   // predicting the mean image: the same for every model
            new Rule("mse_noisy", Better.NEITHER),        // a denoising model's corrupted inputs: its baseline
            new Rule("classifier_accuracy", Better.NEITHER), // the evaluation classifier's, not the model's
            new Rule("epoch", Better.NEITHER));
    private static final List<Rule> WORDS = List.of(
            new Rule("loss", Better.LOWER),
            new Rule("mse", Better.LOWER),
            new Rule("bce", Better.LOWER),
            new Rule("reconstruction", Better.LOWER),
            new Rule("mae", Better.LOWER),
            new Rule("fd", Better.LOWER),
            new Rule("fid", Better.LOWER),
            new Rule("nll", Better.LOWER),
            new Rule("kl", Better.LOWER),
            new Rule("error", Better.LOWER),
            new Rule("seconds", Better.LOWER),
            new Rule("psnr", Better.HIGHER),
            new Rule("ssim", Better.HIGHER),
            new Rule("precision", Better.HIGHER),
            new Rule("recall", Better.HIGHER),
            new Rule("elbo", Better.HIGHER),
            new Rule("accuracy", Better.HIGHER),
            new Rule("agreement", Better.HIGHER),
            new Rule("covered", Better.HIGHER),
            new Rule("entropy", Better.HIGHER));

    private MetricRules() {
    }

    /**
     * Which way {@code key} is better, by its last path part, or an earlier one where the last says nothing
     * ({@code test/accuracy/7}, a class's accuracy).
     */
    static Better better(String key) {
        String[] parts = key.toLowerCase(Locale.ROOT).split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            Optional<Better> known = rule(parts[i]);
            if (known.isPresent()) {
                return known.get();
            }
        }
        return Better.NEITHER;
    }

    private static Optional<Better> rule(String name) {
        for (Rule rule : EXACT) {
            if (name.equals(rule.word())) {
                return Optional.of(rule.better());
            }
        }
        for (Rule rule : WORDS) {
            if (name.equals(rule.word()) || name.startsWith(rule.word() + "_") || name.endsWith("_" + rule.word())) {
                return Optional.of(rule.better());
            }
        }
        return Optional.empty();
    }
}
