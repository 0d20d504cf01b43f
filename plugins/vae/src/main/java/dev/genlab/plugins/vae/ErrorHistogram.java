package dev.genlab.plugins.vae;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Draws the histogram of per-image reconstruction errors, with labelled axes, for MLflow's image view. */
final class ErrorHistogram {
    static final int WIDTH = 720;
    static final int HEIGHT = 440;
    static final int BINS = 40;

    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;
    private static final int TICKS = 5;

    private ErrorHistogram() {
    }

    /** Counts of {@code errors} in {@link #BINS} equal bins from 0 to {@code upper}; the last bin takes the rest. */
    static int[] counts(double[] errors, double upper) {
        int[] counts = new int[BINS];
        for (double error : errors) {
            int bin = (int) Math.floor(error / upper * BINS);
            counts[Math.max(0, Math.min(BINS - 1, bin))]++;
        }
        return counts;
    }

    static BufferedImage draw(double[] errors) {
        double max = 0;
        double sum = 0;
        for (double error : errors) {
            max = Math.max(max, error);
            sum += error;
        }
        double upper = niceCeiling(max);
        int[] counts = counts(errors, upper);
        int highest = 1;
        for (int count : counts) {
            highest = Math.max(highest, count);
        }
        double top = niceCeiling(highest);

        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            int plotWidth = WIDTH - LEFT - RIGHT;
            int plotHeight = HEIGHT - TOP - BOTTOM;
            g.setColor(new Color(70, 110, 170));
            for (int i = 0; i < BINS; i++) {
                int x0 = LEFT + i * plotWidth / BINS;
                int x1 = LEFT + (i + 1) * plotWidth / BINS;
                int h = (int) Math.round(counts[i] / top * plotHeight);
                g.fillRect(x0, TOP + plotHeight - h, Math.max(1, x1 - x0 - 1), h);
            }
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1f));
            g.drawLine(LEFT, TOP + plotHeight, LEFT + plotWidth, TOP + plotHeight);
            g.drawLine(LEFT, TOP, LEFT, TOP + plotHeight);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            FontMetrics metrics = g.getFontMetrics();
            for (int i = 0; i <= TICKS; i++) {
                int x = LEFT + i * plotWidth / TICKS;
                String label = number(upper * i / TICKS);
                g.drawLine(x, TOP + plotHeight, x, TOP + plotHeight + 5);
                g.drawString(label, x - metrics.stringWidth(label) / 2, TOP + plotHeight + 20);
                int y = TOP + plotHeight - i * plotHeight / TICKS;
                String count = number(top * i / TICKS);
                g.drawLine(LEFT - 5, y, LEFT, y);
                g.drawString(count, LEFT - 8 - metrics.stringWidth(count), y + metrics.getAscent() / 2 - 1);
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
            metrics = g.getFontMetrics();
            String xLabel = "reconstruction error per image (sum of squared pixel errors)";
            g.drawString(xLabel, LEFT + (plotWidth - metrics.stringWidth(xLabel)) / 2, HEIGHT - 20);
            String yLabel = "test images";
            AffineTransform straight = g.getTransform();
            g.rotate(-Math.PI / 2);
            g.drawString(yLabel, -(TOP + (plotHeight + metrics.stringWidth(yLabel)) / 2), 25);
            g.setTransform(straight);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            metrics = g.getFontMetrics();
            String title = String.format(Locale.ROOT, "Test reconstruction error: %,d images, mean %.2f", errors.length,
                    errors.length == 0 ? 0.0 : sum / errors.length);
            g.drawString(title, (WIDTH - metrics.stringWidth(title)) / 2, 30);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** The per-image errors as CSV rows {@code image,label,squared_error}, image = row in the test split. */
    static String csv(double[] errors, int[] labels) {
        StringBuilder text = new StringBuilder("image,label,squared_error\n");
        for (int i = 0; i < errors.length; i++) {
            text.append(i).append(',').append(labels[i]).append(',')
                    .append(String.format(Locale.ROOT, "%.6f", errors[i])).append('\n');
        }
        return text.toString();
    }

    /** The smallest of 1, 2, 2.5 or 5 times a power of ten that is at least {@code value}, so ticks are round. */
    static double niceCeiling(double value) {
        if (!(value > 0)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String number(double value) {
        if (value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%,d", (long) value);
        }
        return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
