package dev.genlab.core.spec;

import static java.util.Objects.requireNonNull;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * How much memory ND4J's arrays may take in this JVM: JavaCPP's {@code org.bytedeco.javacpp.maxbytes} (which
 * the launcher sets from {@code GENLAB_JAVA_OPTS}; without it, the heap's maximum), and never more than the
 * machine has.
 *
 * @param bytes the limit
 * @param source where it comes from, for messages
 */
public record MemoryBudget(long bytes, String source) {
    static final String MAX_BYTES = "org.bytedeco.javacpp.maxbytes";

    public MemoryBudget {
        requireNonNull(source, "source is null");
    }

    /** The budget of this JVM. */
    public static MemoryBudget ofThisJvm() {
        long heap = Runtime.getRuntime().maxMemory();
        String property = System.getProperty(MAX_BYTES);
        long limit = heap;
        String source = "the Java heap's maximum, -Xmx";
        if (property != null) {
            long parsed = parse(property, heap);
            if (parsed > 0) {
                limit = parsed;
                source = "-D" + MAX_BYTES + "=" + property.strip();
            } else if (parsed == 0) {
                limit = Long.MAX_VALUE;
            }
        }
        long physical = physicalMemory();
        if (physical > 0 && physical < limit) {
            return new MemoryBudget(physical, "the machine's memory");
        }
        return new MemoryBudget(limit, source);
    }

    /** JavaCPP's syntax: a number of bytes with an optional k, m, g or t (and b), or a percentage of the heap. */
    static long parse(String text, long heap) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        int digits = 0;
        while (digits < value.length() && Character.isDigit(value.charAt(digits))) {
            digits++;
        }
        if (digits == 0) {
            return -1;
        }
        long number;
        try {
            number = Long.parseLong(value.substring(0, digits));
        } catch (NumberFormatException e) {
            return -1;
        }
        long unit = switch (value.substring(digits).strip()) {
            case "" -> 1;
            case "k", "kb" -> 1L << 10;
            case "m", "mb" -> 1L << 20;
            case "g", "gb" -> 1L << 30;
            case "t", "tb" -> 1L << 40;
            case "%" -> -100;
            default -> 0;
        };
        if (unit == 0) {
            return -1;
        }
        if (unit == -100) {
            return (long) (heap * (number / 100.0));
        }
        return number > Long.MAX_VALUE / unit ? Long.MAX_VALUE : number * unit;
    }

    private static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return -1;
    }

    /** {@code 6442450944} as {@code 6.0 GiB}. */
    static String format(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
