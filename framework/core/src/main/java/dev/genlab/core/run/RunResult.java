package dev.genlab.core.run;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/** What a finished run reports back: where to find it and its final test metrics. */
public record RunResult(String runId, String url, Map<String, Double> testMetrics) {
    public RunResult {
        requireNonNull(runId, "runId is null");
        requireNonNull(url, "url is null");
        testMetrics = Map.copyOf(testMetrics);
    }
}
