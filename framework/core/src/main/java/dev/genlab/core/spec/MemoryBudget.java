package dev.genlab.core.spec;

import static java.util.Objects.requireNonNull;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * How much memory ND4J's arrays may take in this JVM: JavaCPP's {@code org.bytedeco.javacpp.maxbytes} (which
 * the launcher sets from {@code GENLAB_JAVA_OPTS}; without it, the heap's maximum), and never more than its cap on
 * the process's resident memory ({@code org.bytedeco.javacpp.maxphysicalbytes}) or than the machine has.
 *
 * @param bytes the limit
 * @param source where it comes from, for messages
 */
public record MemoryBudget(long bytes, String source) {
    static final String MAX_BYTES = "org.bytedeco.javacpp.maxbytes";
    static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxphysicalbytes";

    public MemoryBudget {
        requireNonNull(source, "source is null");
    }

    /** The budget of this JVM. */
    public static MemoryBudget ofThisJvm() {
        return of(Runtime.getRuntime().maxMemory(), System::getProperty, physicalMemory());
    }

    /**
     * The budget from the heap's maximum, JavaCPP's properties (as {@code properties} gives them; null when not
     * set) and the machine's memory ({@code machine}; 0 or less: unknown): the smallest of JavaCPP's limit on its
     * arrays ({@code maxbytes}, else the heap), its limit on the whole process ({@code maxphysicalbytes}, which
     * the launcher sets so that a run's resident memory stays bounded) and the machine.
     */
    static MemoryBudget of(long heap, UnaryOperator<String> properties, long machine) {
        MemoryBudget budget = new MemoryBudget(heap, "the Java heap's maximum, -Xmx");
        String arrays = property(properties, MAX_BYTES, "org.bytedeco.javacpp.maxBytes");
        if (arrays != null) {
            long parsed = parse(arrays, heap);
            if (parsed > 0) {
                budget = new MemoryBudget(parsed, "-D" + MAX_BYTES + "=" + arrays.strip());
            } else if (parsed == 0) {
                budget = new MemoryBudget(Long.MAX_VALUE, "-D" + MAX_BYTES + "=0 (no limit)");
            }
        }
        String process = property(properties, MAX_PHYSICAL_BYTES, "org.bytedeco.javacpp.maxPhysicalBytes");
        if (process != null) {
            long parsed = parse(process, heap);
            if (parsed > 0 && parsed < budget.bytes()) {
                budget = new MemoryBudget(parsed, "-D" + MAX_PHYSICAL_BYTES + "=" + process.strip());
            }
        }
        if (machine > 0 && machine < budget.bytes()) {
            return new MemoryBudget(machine, "the machine's memory");
        }
        return budget;
    }

    /** The first of JavaCPP's spellings of a property ({@code maxbytes}, {@code maxBytes}) that is set, or null. */
    private static String property(UnaryOperator<String> properties, String... names) {
        for (String name : names) {
            String value = properties.apply(name);
            if (value != null) {
                return value;
            }
        }
        return null;
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
