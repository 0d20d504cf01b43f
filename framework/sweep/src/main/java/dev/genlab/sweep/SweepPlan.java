package dev.genlab.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Expands a sweep into its trials: every combination of the grid (or each random draw, combined with the grid),
 * each run once per seed. Trials of one configuration are numbered together, seeds innermost.
 */
final class SweepPlan {
    /** More trials than this is a typo in a grid, not a sweep. */
    static final int MAX_TRIALS = 10_000;

    private SweepPlan() {
    }

    static List<Trial> expand(SweepDefinition definition, String seedsSource) {
        List<List<String[]>> configurations = new ArrayList<>();
        for (List<String[]> grid : gridCombinations(definition.grid())) {
            if (definition.random().isEmpty()) {
                configurations.add(grid);
                continue;
            }
            for (List<String[]> drawn : draws(definition.random().get())) {
                List<String[]> combined = new ArrayList<>(grid);
                combined.addAll(drawn);
                configurations.add(combined);
            }
        }
        List<Optional<Long>> seeds = definition.seeds().isEmpty() ? List.of(Optional.empty())
                : definition.seeds().stream().map(Optional::of).toList();
        List<Trial> trials = new ArrayList<>();
        for (int c = 0; c < configurations.size(); c++) {
            List<String> overrides = configurations.get(c).stream().map(pair -> pair[0]).toList();
            List<String> sources = new ArrayList<>(configurations.get(c).stream().map(pair -> pair[1]).toList());
            for (Optional<Long> seed : seeds) {
                List<String> withSeed = new ArrayList<>(sources);
                seed.ifPresent(value -> withSeed.add(seedsSource));
                trials.add(new Trial(trials.size(), c, overrides, seed, withSeed));
            }
        }
        return trials;
    }

    /** How many trials a definition makes, without making them. */
    static long count(SweepDefinition definition) {
        long count = Math.max(1, definition.seeds().size());
        for (Axis axis : definition.grid()) {
            count *= axis.values().size();
        }
        return count * definition.random().map(SweepDefinition.RandomSearch::trials).orElse(1);
    }

    /** The grid's combinations as (override, source) pairs, the first axis outermost. */
    private static List<List<String[]>> gridCombinations(List<Axis> grid) {
        List<List<String[]>> combinations = new ArrayList<>();
        combinations.add(List.of());
        for (Axis axis : grid) {
            List<List<String[]>> next = new ArrayList<>();
            for (List<String[]> combination : combinations) {
                for (int v = 0; v < axis.values().size(); v++) {
                    List<String[]> extended = new ArrayList<>(combination);
                    extended.add(new String[] {axis.override(v), axis.source()});
                    next.add(extended);
                }
            }
            combinations = next;
        }
        return combinations;
    }

    /** The random configurations, drawn in a fixed order from the search's seed so that the plan repeats. */
    private static List<List<String[]>> draws(SweepDefinition.RandomSearch search) {
        Random random = new Random(search.seed());
        List<List<String[]>> draws = new ArrayList<>();
        for (int t = 0; t < search.trials(); t++) {
            List<String[]> drawn = new ArrayList<>();
            for (Range range : search.ranges()) {
                drawn.add(new String[] {range.key() + "=" + range.draw(random), range.source()});
            }
            for (Axis choice : search.choices()) {
                drawn.add(new String[] {choice.override(random.nextInt(choice.values().size())), choice.source()});
            }
            draws.add(drawn);
        }
        return draws;
    }
}
