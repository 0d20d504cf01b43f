package dev.genlab.core.spec;

import java.util.Locale;

/**
 * How large a spec may be. A spec is a page of settings; these bounds are far above any real one and keep a
 * hostile or mistaken file (a data file given as the spec, an alias bomb) from costing minutes or gigabytes
 * before it is rejected. Each is checked as early as it can be: the size before the file is read, lines
 * before the YAML is parsed.
 */
final class SpecLimits {
    /** Bytes in a spec file. */
    static final int MAX_BYTES = 1 << 20;
    /**
     * Characters on one line, checked before parsing: a value on one line can be no longer, and the YAML scanner's
     * time grows with the square of a value's length.
     */
    static final int MAX_LINE_LENGTH = 10_000;
    /** Characters in one value after parsing (a quoted value may span lines); a bound of MLflow's parameters too. */
    static final int MAX_VALUE_LENGTH = 5_000;
    /** Mappings and lists inside each other. */
    static final int MAX_DEPTH = 32;
    /** Values in the whole spec once aliases are expanded (each alias counts the values it copies). */
    static final int MAX_VALUES = 100_000;

    private SpecLimits() {
    }

    /** {@code 1048576} as {@code 1,048,576}, for messages. */
    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
