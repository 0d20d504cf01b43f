package dev.genlab.sweep;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One trial of a sweep: its configuration's overrides and its seed.
 *
 * @param index the trial's number in the sweep, from 0: with the parent run, its identity
 * @param configuration the number of its configuration (the overrides without the seed), from 0
 * @param sources where each override was given, by override, for messages
 */
record Trial(int index, int configuration, List<String> overrides, Optional<Long> seed, List<String> sources) {
    Trial {
        overrides = List.copyOf(overrides);
        requireNonNull(seed, "seed is null");
        sources = List.copyOf(sources);
    }

    /** Every override of the trial, the seed last. */
    List<String> allOverrides() {
        List<String> all = new ArrayList<>(overrides);
        seed.ifPresent(value -> all.add("seed=" + value));
        return all;
    }

    /** The overrides as one line, for the run's name, its tag and the trials' table. */
    String label() {
        return String.join(" ", allOverrides());
    }

    /** The configuration's overrides as one line (without the seed). */
    String configurationLabel() {
        return String.join(" ", overrides);
    }
}
