package dev.genlab.sweep;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;

/**
 * A range that random search draws a spec value from: uniformly, or log-uniformly for rates and other scales
 * ({@code 1e-4..1e-2:log}); whole numbers when both ends are whole numbers.
 */
record Range(String key, double min, double max, boolean log, boolean integer, String source) {
    Range {
        requireNonNull(key, "key is null");
        requireNonNull(source, "source is null");
    }

    /** The value for one trial, as text for {@code --set}: 4 significant digits, or a whole number. */
    String draw(Random random) {
        double u = random.nextDouble();
        double value = log ? Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min))) : min + u * (max - min);
        if (integer) {
            return Long.toString(Math.round(value));
        }
        return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toString();
    }

    /** What is wrong with the range, if anything. */
    java.util.Optional<String> problem() {
        if (!(min < max)) {
            return java.util.Optional.of("the low end must be below the high end, got " + min + ".." + max);
        }
        if (log && min <= 0) {
            return java.util.Optional.of("a log-uniform range needs a low end above 0, got " + min);
        }
        return java.util.Optional.empty();
    }
}
