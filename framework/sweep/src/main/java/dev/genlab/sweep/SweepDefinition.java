package dev.genlab.sweep;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What a sweep tries, from the spec's {@code sweep:} section and the command line: a grid of values, seeds, and
 * random search over ranges and choices. Its trials are the spec with overrides, expanded by {@link SweepPlan}.
 *
 * @param seeds the seeds every configuration runs with; empty: the spec's own seed, once
 * @param random random search, if asked for
 * @param parallel trials run at once on this machine
 */
record SweepDefinition(List<Axis> grid, List<Long> seeds, Optional<RandomSearch> random, int parallel) {
    SweepDefinition {
        grid = List.copyOf(grid);
        seeds = List.copyOf(seeds);
        requireNonNull(random, "random is null");
    }

    /** {@code trials} configurations drawn with {@code seed}: each range and choice drawn independently. */
    record RandomSearch(int trials, long seed, List<Range> ranges, List<Axis> choices) {
        RandomSearch {
            ranges = List.copyOf(ranges);
            choices = List.copyOf(choices);
        }
    }
}
