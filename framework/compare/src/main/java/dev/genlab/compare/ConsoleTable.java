package dev.genlab.compare;

import java.util.ArrayList;
import java.util.List;

/** A comparison as a plain-text table: a column per run, a row per differing parameter and per final metric. */
final class ConsoleTable {
    static final String BEST = " *";
    private static final String INDENT = "  ";
    private static final String GAP = "   ";

    private ConsoleTable() {
    }

    static String render(Comparison comparison) {
        List<List<String>> lines = new ArrayList<>();
        lines.add(row("", comparison.runs().stream().map(run -> run.runName()).toList()));
        lines.add(row("", comparison.runs().stream().map(run -> shortId(run.runId())).toList()));
        lines.add(row("", comparison.runs().stream().map(run -> run.status()).toList()));
        List<Integer> headings = new ArrayList<>();
        headings.add(lines.size());
        lines.add(List.of(comparison.parameters().isEmpty() ? "parameters: all the same" : "parameters that differ"));
        comparison.parameters().forEach(row -> lines.add(row(INDENT + row.key(), row.cells())));
        headings.add(lines.size());
        lines.add(List.of(comparison.metrics().isEmpty() ? "final metrics: none"
                : "final metrics (" + BEST.strip() + " best)"));
        for (Comparison.Row row : comparison.metrics()) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < row.cells().size(); i++) {
                cells.add(row.cells().get(i) + (row.best().contains(i) ? BEST : ""));
            }
            lines.add(row(INDENT + row.key(), cells));
        }
        int columns = comparison.runs().size() + 1;
        int[] widths = new int[columns];
        for (int i = 0; i < lines.size(); i++) {
            if (headings.contains(i)) {
                continue;
            }
            List<String> line = lines.get(i);
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], line.get(c).length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            List<String> line = lines.get(i);
            StringBuilder out = new StringBuilder();
            if (headings.contains(i)) {
                out.append(line.get(0));
            } else {
                for (int c = 0; c < columns; c++) {
                    out.append(c == 0 ? "" : GAP).append(pad(line.get(c), widths[c]));
                }
            }
            text.append(out.toString().stripTrailing()).append(System.lineSeparator());
        }
        return text.toString();
    }

    static String shortId(String runId) {
        return runId.length() <= 8 ? runId : runId.substring(0, 8);
    }

    private static List<String> row(String first, List<String> cells) {
        List<String> row = new ArrayList<>();
        row.add(first);
        row.addAll(cells);
        return row;
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}
