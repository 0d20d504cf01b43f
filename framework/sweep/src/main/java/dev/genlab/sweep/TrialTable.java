package dev.genlab.sweep;

import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** {@code trials.csv}: a row per trial with its overrides, status, child run and final test metrics. */
final class TrialTable {
    private TrialTable() {
    }

    static String of(SweepRecord sweep, Map<Integer, TrialResult> results) {
        TreeSet<String> metrics = new TreeSet<>(TrialResult.METRIC_ORDER);
        results.values().forEach(result -> metrics.addAll(result.metrics().keySet()));
        StringBuilder csv = new StringBuilder("trial,configuration,overrides,status,run_id");
        metrics.forEach(metric -> csv.append(',').append(metric));
        csv.append('\n');
        for (SweepRecord.Entry trial : sweep.trials()) {
            TrialResult result = results.get(trial.index());
            csv.append(trial.index()).append(',').append(trial.configuration()).append(',')
                    .append(quote(trial.label())).append(',')
                    .append(result == null ? "NOT RUN" : result.status()).append(',')
                    .append(result == null ? "" : result.runId());
            for (String metric : metrics) {
                Double value = result == null ? null : result.metrics().get(metric);
                csv.append(',').append(value == null ? "" : String.format(Locale.ROOT, "%.6g", value));
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    static String quote(String text) {
        return text.contains(",") || text.contains("\"") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
