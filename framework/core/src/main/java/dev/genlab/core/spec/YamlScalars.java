package dev.genlab.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a scalar means, by the YAML 1.2 core schema: null, true/false, a decimal integer, a number (with
 * {@code .inf} and {@code .nan}) or text. The same grammar reads numbers written as quoted text, so that
 * {@code "1d"} or {@code "0x20p0"} (Java's own number syntax) are not numbers in a spec.
 */
final class YamlScalars {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");
    private static final Pattern TRUE = Pattern.compile("true|True|TRUE");
    private static final Pattern FALSE = Pattern.compile("false|False|FALSE");
    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9][0-9_]*");
    private static final Pattern DECIMAL =
            Pattern.compile("[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?");
    private static final Pattern INFINITY = Pattern.compile("([-+]?)\\.(inf|Inf|INF)");
    private static final Pattern NAN = Pattern.compile("\\.(nan|NaN|NAN)");

    private YamlScalars() {
    }

    /** The value of a plain (unquoted, untagged) scalar. */
    static JsonNode plain(String text) {
        if (NULL.matcher(text).matches()) {
            return NODES.nullNode();
        }
        if (TRUE.matcher(text).matches()) {
            return NODES.booleanNode(true);
        }
        if (FALSE.matcher(text).matches()) {
            return NODES.booleanNode(false);
        }
        return number(text).orElseGet(() -> NODES.textNode(text));
    }

    /** {@code text} as a number node if the core schema reads it as one. */
    static Optional<JsonNode> number(String text) {
        if (INTEGER.matcher(text).matches()) {
            BigInteger value = new BigInteger(text.replace("_", ""));
            return Optional.of(value.bitLength() < 32 ? NODES.numberNode(value.intValue())
                    : value.bitLength() < 64 ? NODES.numberNode(value.longValue()) : NODES.numberNode(value));
        }
        if (DECIMAL.matcher(text).matches()) {
            return Optional.of(NODES.numberNode(Double.parseDouble(text.replace("_", ""))));
        }
        var infinity = INFINITY.matcher(text);
        if (infinity.matches()) {
            return Optional.of(NODES.numberNode(infinity.group(1).equals("-") ? Double.NEGATIVE_INFINITY
                    : Double.POSITIVE_INFINITY));
        }
        if (NAN.matcher(text).matches()) {
            return Optional.of(NODES.numberNode(Double.NaN));
        }
        return Optional.empty();
    }

    /** A number as it would be written in YAML, for messages: {@code .nan}, {@code -.inf}, {@code 0.5}. */
    static String show(double value) {
        if (Double.isNaN(value)) {
            return ".nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? ".inf" : "-.inf";
        }
        return Double.toString(value);
    }
}
