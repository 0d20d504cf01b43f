package dev.genlab.plugins.ae;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * Draws a confusion matrix: true classes down the side, predicted classes along the top, each cell with its count
 * and shaded by its share of the true class, so that confusions stand out whatever the class sizes.
 */
final class ConfusionMatrixImage {
    private static final int CELL = 46;
    private static final int PAD = 8;
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    private static final Color FULL = new Color(8, 48, 107);

    private final ConfusionMatrix matrix;
    private final Graphics2D g;
    private final int labelWidth;
    private final int titleHeight;

    private ConfusionMatrixImage(ConfusionMatrix matrix, Graphics2D g) {
        this.matrix = matrix;
        this.g = g;
        this.labelWidth = labelWidth(matrix, g.getFontMetrics(LABEL));
        this.titleHeight = g.getFontMetrics(TITLE).getHeight();
    }

    static BufferedImage draw(ConfusionMatrix matrix) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D measuring = scratch.createGraphics();
        ConfusionMatrixImage layout = new ConfusionMatrixImage(matrix, measuring);
        int size = matrix.classes().size() * CELL;
        BufferedImage image = new BufferedImage(layout.left() + size + PAD, layout.top() + size + 2 * PAD
                + layout.titleHeight, BufferedImage.TYPE_INT_RGB);
        measuring.dispose();
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            new ConfusionMatrixImage(matrix, g).paint(image.getWidth(), image.getHeight());
        } finally {
            g.dispose();
        }
        return image;
    }

    private int left() {
        return PAD + titleHeight + labelWidth + PAD;
    }

    private int top() {
        return PAD + titleHeight + labelWidth + PAD;
    }

    private void paint(int width, int height) {
        int n = matrix.classes().size();
        g.setColor(Color.BLACK);
        g.setFont(TITLE);
        FontMetrics title = g.getFontMetrics();
        centred("predicted class", left() + n * CELL / 2, PAD + title.getAscent(), title);
        vertical("true class", PAD + title.getAscent(), top() + n * CELL / 2 + title.stringWidth("true class") / 2);
        g.setFont(LABEL);
        FontMetrics label = g.getFontMetrics();
        int middle = (label.getAscent() - label.getDescent()) / 2;
        for (int i = 0; i < n; i++) {
            String name = matrix.classes().get(i);
            g.setColor(Color.BLACK);
            g.drawString(name, left() - PAD / 2 - label.stringWidth(name), top() + i * CELL + CELL / 2 + middle);
            vertical(name, left() + i * CELL + CELL / 2 + middle, top() - PAD / 2);
            for (int j = 0; j < n; j++) {
                cell(i, j, label);
            }
        }
        g.setColor(Color.GRAY);
        g.drawRect(left(), top(), n * CELL, n * CELL);
        g.setColor(Color.BLACK);
        g.setFont(TITLE);
        String accuracy = String.format(Locale.ROOT, "accuracy %.4f (%,d of %,d)", matrix.accuracy(),
                matrix.correct(), matrix.total());
        centred(accuracy, width / 2, height - PAD - title.getDescent(), title);
    }

    private void cell(int actual, int predicted, FontMetrics label) {
        long count = matrix.counts()[actual][predicted];
        long row = matrix.rowTotal(actual);
        double share = row == 0 ? 0 : (double) count / row;
        int x = left() + predicted * CELL;
        int y = top() + actual * CELL;
        g.setColor(blend(share));
        g.fillRect(x, y, CELL, CELL);
        g.setColor(share > 0.5 ? Color.WHITE : Color.BLACK);
        centred(Long.toString(count), x + CELL / 2, y + CELL / 2 + (label.getAscent() - label.getDescent()) / 2,
                label);
    }

    private void centred(String text, int centreX, int baseline, FontMetrics metrics) {
        g.drawString(text, centreX - metrics.stringWidth(text) / 2, baseline);
    }

    /** Text read from bottom to top, its baseline at {@code x} and its start at {@code y}. */
    private void vertical(String text, int x, int y) {
        AffineTransform saved = g.getTransform();
        g.translate(x, y);
        g.rotate(-Math.PI / 2);
        g.drawString(text, 0, 0);
        g.setTransform(saved);
    }

    private static Color blend(double share) {
        return new Color(mix(255, FULL.getRed(), share), mix(255, FULL.getGreen(), share),
                mix(255, FULL.getBlue(), share));
    }

    private static int mix(int from, int to, double share) {
        return (int) Math.round(from + (to - from) * share);
    }

    private static int labelWidth(ConfusionMatrix matrix, FontMetrics metrics) {
        return matrix.classes().stream().mapToInt(metrics::stringWidth).max().orElse(0);
    }
}
