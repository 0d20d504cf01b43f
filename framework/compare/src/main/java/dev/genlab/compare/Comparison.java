package dev.genlab.compare;

import static java.util.Objects.requireNonNull;

import dev.genlab.tracking.rest.MlflowApi;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What the console table and the report show of some runs: the parameters whose values differ between them, and
 * their final metrics ({@code test/*}, {@code score/*}, the last training loss) with the best value of each marked
 * by {@link MetricRules}.
 */
record Comparison(List<MlflowApi.RunRecord> runs, List<Row> parameters, List<Row> metrics) {
    /** Shown where a run has no value. */
    static final String MISSING = "-";
    /** The training losses whose last value is a final metric. */
    static final List<String> TRAINING_LOSSES = List.of("train/epoch_loss", "train/loss");

    /**
     * One row: a key and a cell per run; {@code best} holds the indices of the runs with the best value (empty
     * where no value is better, or all are equal).
     */
    record Row(String key, List<String> cells, Set<Integer> best) {
        Row {
            requireNonNull(key, "key is null");
            cells = List.copyOf(cells);
            best = Set.copyOf(best);
        }
    }

    Comparison {
        runs = List.copyOf(runs);
        parameters = List.copyOf(parameters);
        metrics = List.copyOf(metrics);
    }

    /** What a run that does not record a parameter has for it: its default, or empty where none is known. */
    interface Defaults {
        Defaults NONE = (params, key) -> Optional.empty();

        Optional<String> value(Map<String, String> params, String key);
    }

    /** Compares {@code runs}; a parameter a run does not record shows as {@code defaults} say it is. */
    static Comparison of(List<MlflowApi.RunRecord> runs, Defaults defaults) {
        return new Comparison(runs, differingParameters(runs, defaults), finalMetrics(runs));
    }

    static Comparison of(List<MlflowApi.RunRecord> runs) {
        return of(runs, Defaults.NONE);
    }

    /** The final metrics' keys among {@code keys}: test and score metrics by name, then the training losses. */
    static List<String> finalMetricKeys(Set<String> keys) {
        List<String> chosen = new ArrayList<>();
        new TreeSet<>(keys).stream().filter(key -> key.startsWith("test/")).forEach(chosen::add);
        new TreeSet<>(keys).stream().filter(key -> key.startsWith("score/")).forEach(chosen::add);
        TRAINING_LOSSES.stream().filter(keys::contains).forEach(chosen::add);
        return chosen;
    }

    private static List<Row> differingParameters(List<MlflowApi.RunRecord> runs, Defaults defaults) {
        Set<String> keys = new TreeSet<>();
        runs.forEach(run -> keys.addAll(run.params().keySet()));
        List<Row> rows = new ArrayList<>();
        for (String key : keys) {
            // a run records a value only where it is not the default: fill in the default, marked as such
            List<String> cells = runs.stream().map(run -> run.params().containsKey(key) ? run.params().get(key)
                    : defaults.value(run.params(), key).map(value -> value + " (default)").orElse(MISSING)).toList();
            if (new HashSet<>(cells).size() > 1) {
                rows.add(new Row(key, cells, Set.of()));
            }
        }
        return rows;
    }

    private static List<Row> finalMetrics(List<MlflowApi.RunRecord> runs) {
        Set<String> keys = new HashSet<>();
        runs.forEach(run -> keys.addAll(run.metrics().keySet()));
        List<Row> rows = new ArrayList<>();
        for (String key : finalMetricKeys(keys)) {
            List<Optional<Double>> values = runs.stream().map(run -> Optional.ofNullable(run.metrics().get(key)))
                    .toList();
            List<String> cells = values.stream().map(value -> value.map(Numbers::format).orElse(MISSING)).toList();
            rows.add(new Row(key, cells, best(MetricRules.better(key), values)));
        }
        return rows;
    }

    /** The indices of the best values; none when no value is better or fewer than two differ. */
    static Set<Integer> best(MetricRules.Better better, List<Optional<Double>> values) {
        List<Double> present = values.stream().flatMap(Optional::stream).filter(value -> !value.isNaN()).toList();
        if (better == MetricRules.Better.NEITHER || new HashSet<>(present).size() < 2) {
            return Set.of();
        }
        double target = better == MetricRules.Better.LOWER
                ? present.stream().mapToDouble(Double::doubleValue).min().orElseThrow()
                : present.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        Set<Integer> best = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i).filter(value -> value == target).isPresent()) {
                best.add(i);
            }
        }
        return best;
    }

    /** The parameter or metric rows of {@code key}, for tests and the report. */
    Optional<Row> row(String key) {
        return Stream.concat(parameters.stream(), metrics.stream()).filter(row -> row.key().equals(key)).findFirst();
    }
}
