package dev.genlab.compare;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Metric values as the comparison prints them: five significant digits, no trailing zeros. */
final class Numbers {
    private static final MathContext DIGITS = new MathContext(5);

    private Numbers() {
    }

    static String format(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        if (value == 0) {
            return "0";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1e6 || magnitude < 1e-4) {
            return String.format(Locale.ROOT, "%.4e", value);
        }
        return new BigDecimal(value).round(DIGITS).stripTrailingZeros().toPlainString();
    }
}
