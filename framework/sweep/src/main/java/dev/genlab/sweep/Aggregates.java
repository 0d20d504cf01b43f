package dev.genlab.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Per configuration, the mean and the standard deviation (over its seeds, n - 1 in the denominator; 0 for one
 * trial) of each final test metric of its finished trials: the figures the parent run shows.
 */
final class Aggregates {
    /** One configuration's statistics of one metric. */
    record Statistic(int configuration, String metric, int count, double mean, double std) {
    }

    private Aggregates() {
    }

    static List<Statistic> of(SweepRecord sweep, Map<Integer, TrialResult> results) {
        Map<Integer, Map<String, List<Double>>> values = new TreeMap<>();
        for (SweepRecord.Entry trial : sweep.trials()) {
            TrialResult result = results.get(trial.index());
            if (result == null || !result.finished()) {
                continue;
            }
            result.metrics().forEach((metric, value) -> values.computeIfAbsent(trial.configuration(),
                    c -> new TreeMap<>(TrialResult.METRIC_ORDER)).computeIfAbsent(metric, m -> new ArrayList<>())
                    .add(value));
        }
        List<Statistic> statistics = new ArrayList<>();
        values.forEach((configuration, metrics) -> metrics.forEach((metric, list) -> {
            double mean = list.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double squares = list.stream().mapToDouble(value -> (value - mean) * (value - mean)).sum();
            double std = list.size() < 2 ? 0 : Math.sqrt(squares / (list.size() - 1));
            statistics.add(new Statistic(configuration, metric, list.size(), mean, std));
        }));
        return statistics;
    }

    /**
     * The parent's metrics: {@code <metric>/mean} and {@code /std} ({@code test/mse/mean}, {@code score/fd/mean}), prefixed with {@code config<k>/} when the
     * sweep has more than one configuration (the parent's {@code config<k>} parameter says which overrides).
     */
    static Map<String, Double> metrics(List<Statistic> statistics, int configurations) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (Statistic statistic : statistics) {
            String prefix = (configurations > 1 ? "config" + statistic.configuration() + "/" : "")
                    + statistic.metric();
            metrics.put(prefix + "/mean", statistic.mean());
            metrics.put(prefix + "/std", statistic.std());
        }
        return metrics;
    }

    /** {@code configurations.csv}: a row per configuration, its overrides, trials, and each metric's mean and std. */
    static String table(SweepRecord sweep, List<Statistic> statistics) {
        TreeSet<String> metrics = new TreeSet<>(TrialResult.METRIC_ORDER);
        statistics.forEach(statistic -> metrics.add(statistic.metric()));
        StringBuilder csv = new StringBuilder("configuration,overrides,finished_trials");
        metrics.forEach(metric -> csv.append(',').append(metric).append(" mean,").append(metric)
                .append(" std"));
        csv.append('\n');
        for (int c = 0; c < sweep.configurations(); c++) {
            int configuration = c;
            int count = statistics.stream().filter(s -> s.configuration() == configuration)
                    .mapToInt(Statistic::count).max().orElse(0);
            csv.append(c).append(',').append(TrialTable.quote(sweep.configurationLabel(c))).append(',').append(count);
            for (String metric : metrics) {
                Statistic statistic = statistics.stream().filter(s -> s.configuration() == configuration
                        && s.metric().equals(metric)).findFirst().orElse(null);
                csv.append(statistic == null ? ",," : String.format(Locale.ROOT, ",%.6g,%.6g", statistic.mean(),
                        statistic.std()));
            }
            csv.append('\n');
        }
        return csv.toString();
    }
}
