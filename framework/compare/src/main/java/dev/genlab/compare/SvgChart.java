package dev.genlab.compare;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

/** A line chart as inline SVG: one metric's history, a line per run, with its axes' ranges labelled. */
final class SvgChart {
    static final List<String> COLOURS = List.of("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
            "#e377c2", "#7f7f7f", "#bcbd22", "#17becf");
    private static final int WIDTH = 460;
    private static final int HEIGHT = 260;
    private static final int LEFT = 64;
    private static final int RIGHT = 12;
    private static final int TOP = 28;
    private static final int BOTTOM = 36;
    private static final int TICKS = 4;
    /** Lines of at most this many points show each point as a dot (a single point is only a dot). */
    private static final int MARKED_POINTS = 60;

    /** One run's points: steps and values, in step order. */
    record Series(String label, List<Long> steps, List<Double> values) {
        Series {
            requireNonNull(label, "label is null");
            steps = List.copyOf(steps);
            values = List.copyOf(values);
        }
    }

    private SvgChart() {
    }

    /** The chart of {@code series} (an empty one says so), titled {@code title}. */
    static String render(String title, List<Series> series) {
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (Series line : series) {
            for (int i = 0; i < line.values().size(); i++) {
                double value = line.values().get(i);
                if (!Double.isFinite(value)) {
                    continue;
                }
                minX = Math.min(minX, line.steps().get(i));
                maxX = Math.max(maxX, line.steps().get(i));
                minY = Math.min(minY, value);
                maxY = Math.max(maxY, value);
            }
        }
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"%d\""
                + " height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">", WIDTH, HEIGHT, WIDTH, HEIGHT,
                Html.escape(title)));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\" font-size=\"13\" font-weight=\"bold\">%s</text>",
                LEFT, Html.escape(title)));
        if (minX > maxX) {
            return svg.append("<text x=\"" + LEFT + "\" y=\"60\" font-size=\"12\">no values</text></svg>").toString();
        }
        if (maxX == minX) {
            maxX = minX + 1;
        }
        if (maxY == minY) {
            double pad = minY == 0 ? 1 : Math.abs(minY) * 0.05;
            minY -= pad;
            maxY += pad;
        }
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\""
                + " stroke=\"#999\"/>", LEFT, TOP, plotWidth, plotHeight));
        for (int t = 0; t <= TICKS; t++) {
            double fraction = (double) t / TICKS;
            double y = TOP + plotHeight * (1 - fraction);
            double x = LEFT + plotWidth * fraction;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>",
                    LEFT, y, LEFT + plotWidth, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s"
                    + "</text>", LEFT - 4, y + 3, Numbers.format(minY + (maxY - minY) * fraction)));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s"
                    + "</text>", x, TOP + plotHeight + 14, Numbers.format(Math.round(minX + (maxX - minX) * fraction))));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">step"
                + "</text>", LEFT + plotWidth / 2, HEIGHT - 6));
        for (int s = 0; s < series.size(); s++) {
            Series line = series.get(s);
            String colour = COLOURS.get(s % COLOURS.size());
            StringBuilder points = new StringBuilder();
            int count = 0;
            for (int i = 0; i < line.values().size(); i++) {
                double value = line.values().get(i);
                if (!Double.isFinite(value)) {
                    continue;
                }
                double x = LEFT + plotWidth * (line.steps().get(i) - minX) / (maxX - minX);
                double y = TOP + plotHeight * (1 - (value - minY) / (maxY - minY));
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                if (line.values().size() <= MARKED_POINTS) {
                    svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>",
                            x, y, colour));
                }
                count++;
            }
            if (count > 1) {
                svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\""
                        + " points=\"%s\"><title>%s</title></polyline>", colour, points.toString().strip(),
                        Html.escape(line.label())));
            }
        }
        return svg.append("</svg>").toString();
    }
}
