package dev.genlab.compare;

import dev.genlab.tracking.rest.MlflowApi;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The comparison as one self-contained HTML file: the tables of the console, each metric's history as an inline
 * SVG chart, and each run's last image of every key side by side, embedded as data URIs. Nothing is fetched when
 * it is opened, so the file can be mailed or logged to MLflow as it is.
 */
final class HtmlReport {
    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;margin:24px;color:#222}
            table{border-collapse:collapse;margin:8px 0 20px}
            th,td{border:1px solid #ddd;padding:4px 10px;text-align:left;font-variant-numeric:tabular-nums}
            th{background:#f5f5f5}
            td.best{font-weight:bold;background:#e8f5e9}
            .charts{display:flex;flex-wrap:wrap;gap:12px}
            .images{display:flex;flex-wrap:wrap;gap:16px;margin-bottom:20px}
            figure{margin:0}
            figure img{image-rendering:pixelated;max-width:360px;border:1px solid #ddd}
            .swatch{display:inline-block;width:12px;height:12px;margin-right:6px;vertical-align:middle}
            """;

    private HtmlReport() {
    }

    /**
     * @param title what was compared, for the heading
     * @param urls each run's page in the MLflow UI, in the order of {@code runs}
     */
    static String render(String title, Comparison comparison, List<ComparedRun> runs, List<String> urls) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(Html.escape(title)).append("</title><style>").append(STYLE).append("</style></head><body>\n");
        html.append("<h1>").append(Html.escape(title)).append("</h1>\n");
        runsTable(html, comparison.runs(), urls);
        html.append("<h2>Parameters that differ</h2>\n");
        if (comparison.parameters().isEmpty()) {
            html.append("<p>All the runs have the same parameters.</p>\n");
        } else {
            rowsTable(html, comparison, comparison.parameters());
        }
        html.append("<h2>Final metrics</h2>\n<p>The best value of each is marked where one is better"
                + " (lower for losses, errors and distances; higher for PSNR, precision, recall, ELBO, accuracy).</p>\n");
        rowsTable(html, comparison, comparison.metrics());
        charts(html, runs);
        images(html, runs);
        return html.append("</body></html>\n").toString();
    }

    private static void runsTable(StringBuilder html, List<MlflowApi.RunRecord> runs, List<String> urls) {
        html.append("<table><tr><th>run</th><th>id</th><th>status</th></tr>\n");
        for (int i = 0; i < runs.size(); i++) {
            MlflowApi.RunRecord run = runs.get(i);
            html.append("<tr><td><span class=\"swatch\" style=\"background:")
                    .append(SvgChart.COLOURS.get(i % SvgChart.COLOURS.size())).append("\"></span><a href=\"")
                    .append(Html.escape(urls.get(i))).append("\">").append(Html.escape(run.runName()))
                    .append("</a></td><td><code>").append(Html.escape(run.runId())).append("</code></td><td>")
                    .append(Html.escape(run.status())).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void rowsTable(StringBuilder html, Comparison comparison, List<Comparison.Row> rows) {
        html.append("<table><tr><th></th>");
        comparison.runs().forEach(run -> html.append("<th>").append(Html.escape(run.runName())).append("</th>"));
        html.append("</tr>\n");
        for (Comparison.Row row : rows) {
            html.append("<tr><th>").append(Html.escape(row.key())).append("</th>");
            for (int i = 0; i < row.cells().size(); i++) {
                html.append(row.best().contains(i) ? "<td class=\"best\">" : "<td>")
                        .append(Html.escape(row.cells().get(i))).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private static void charts(StringBuilder html, List<ComparedRun> runs) {
        TreeSet<String> keys = new TreeSet<>();
        runs.forEach(run -> keys.addAll(run.histories().keySet()));
        List<String> ordered = new ArrayList<>();
        Comparison.TRAINING_LOSSES.stream().filter(keys::contains).forEach(ordered::add);
        Comparison.finalMetricKeys(keys).stream().filter(key -> !ordered.contains(key)).forEach(ordered::add);
        html.append("<h2>Curves</h2>\n<div class=\"charts\">\n");
        for (String key : ordered) {
            if (runs.stream().allMatch(run -> run.histories().getOrDefault(key, List.of()).size() < 2)) {
                continue; // a value logged once (a baseline, a score at the end) is in the table, not a curve
            }
            List<SvgChart.Series> series = new ArrayList<>();
            for (ComparedRun run : runs) {
                List<MlflowApi.MetricValue> history = run.histories().getOrDefault(key, List.of());
                series.add(new SvgChart.Series(run.run().runName(),
                        history.stream().map(MlflowApi.MetricValue::step).toList(),
                        history.stream().map(MlflowApi.MetricValue::value).toList()));
            }
            html.append(SvgChart.render(key, series)).append('\n');
        }
        html.append("</div>\n");
    }

    private static void images(StringBuilder html, List<ComparedRun> runs) {
        TreeSet<String> keys = new TreeSet<>();
        runs.forEach(run -> run.images().forEach(image -> keys.add(image.key())));
        html.append("<h2>Images at the last step</h2>\n");
        if (keys.isEmpty()) {
            html.append("<p>None of the runs logged images.</p>\n");
        }
        for (String key : keys) {
            html.append("<h3>").append(Html.escape(key)).append("</h3>\n<div class=\"images\">\n");
            for (ComparedRun run : runs) {
                Optional<ComparedRun.Image> image = run.images().stream().filter(each -> each.key().equals(key))
                        .findFirst();
                html.append("<figure>");
                if (image.isPresent()) {
                    html.append("<img alt=\"").append(Html.escape(key + " of " + run.run().runName()))
                            .append("\" src=\"data:image/png;base64,")
                            .append(Base64.getEncoder().encodeToString(image.get().png())).append("\">");
                } else {
                    html.append("<p>no image</p>");
                }
                html.append("<figcaption>").append(Html.escape(run.run().runName()))
                        .append(image.map(each -> ", step " + each.step()).orElse("")).append("</figcaption></figure>\n");
            }
            html.append("</div>\n");
        }
    }
}
