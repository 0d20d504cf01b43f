package dev.genlab.cli;

import java.lang.management.ManagementFactory;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What to tell a user whose command ran out of memory: the Java heap ({@code -Xmx}), ND4J's arrays (JavaCPP's
 * {@code maxbytes}) or the whole process (JavaCPP's {@code maxphysicalbytes}, which the launcher caps so that a run's
 * resident memory stays bounded). Each limit comes from {@code GENLAB_JAVA_OPTS}; the message names the ones this
 * JVM has and how to raise them.
 */
final class OutOfMemory {
    private OutOfMemory() {
    }

    /** The out-of-memory error that {@code thrown} is or was caused by, if any. */
    static Optional<OutOfMemoryError> in(Throwable thrown) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = thrown; cause != null && seen.add(cause); cause = cause.getCause()) {
            if (cause instanceof OutOfMemoryError error) {
                return Optional.of(error);
            }
        }
        return Optional.empty();
    }

    private static boolean isLimit(String option) {
        String lower = option.toLowerCase(Locale.ROOT);
        return option.startsWith("-Xmx") || lower.startsWith("-dorg.bytedeco.javacpp.maxbytes=")
                || lower.startsWith("-dorg.bytedeco.javacpp.maxphysicalbytes=");
    }

    /** The message for {@code error}, with this JVM's memory options. */
    static String describe(OutOfMemoryError error) {
        String limits = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(OutOfMemory::isLimit)
                .collect(Collectors.joining(" "));
        return "out of memory (" + Optional.ofNullable(error.getMessage()).orElse("no detail") + "). "
                + (limits.isEmpty() ? "This JVM runs with Java's default limits" : "This JVM's limits: " + limits)
                + ". Give it more in GENLAB_JAVA_OPTS (-Xmx: the Java heap; -Dorg.bytedeco.javacpp.maxbytes: ND4J's "
                + "arrays; -Dorg.bytedeco.javacpp.maxphysicalbytes: the whole process's resident memory), or make the "
                + "batch, the network or tracking.scoreSamples smaller.";
    }
}
