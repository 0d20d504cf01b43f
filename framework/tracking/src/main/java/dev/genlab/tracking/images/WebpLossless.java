package dev.genlab.tracking.images;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes an image as a lossless WebP file (VP8L), which Java's ImageIO cannot. MLflow's UI shows logged images
 * through a {@code .webp} thumbnail. The encoding is deliberately simple: the subtract-green transform (grey
 * images then cost nothing in red and blue), one set of Huffman codes, and back-references to the pixel to the
 * left or above, which turn the flat backgrounds of sample grids into a few bytes.
 */
final class WebpLossless {
    private static final int MAX_DIMENSION = 16384;
    private static final int SIGNATURE = 0x2f;
    private static final int SUBTRACT_GREEN = 2;
    private static final int LITERALS = 256;
    private static final int LENGTH_CODES = 24;
    private static final int DISTANCE_CODES = 40;
    private static final int MIN_MATCH = 3;
    private static final int MAX_MATCH = 4096;
    /** Distance codes 1 and 2 of the VP8L plane table: the pixel above and the pixel to the left. */
    private static final int ABOVE = 1;
    private static final int LEFT = 2;

    private WebpLossless() {
    }

    static byte[] encode(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        if (width > MAX_DIMENSION || height > MAX_DIMENSION) {
            throw new IllegalArgumentException("WebP images are at most " + MAX_DIMENSION + " pixels wide and high, not "
                    + width + "x" + height);
        }
        int[] pixels = Thumbnail.toArgb(image).getRGB(0, 0, width, height, null, 0, width);
        boolean alphaUsed = false;
        for (int i = 0; i < pixels.length; i++) {
            int argb = pixels[i];
            alphaUsed |= (argb >>> 24) != 0xff;
            int green = (argb >>> 8) & 0xff;
            int red = (((argb >>> 16) & 0xff) - green) & 0xff;
            int blue = ((argb & 0xff) - green) & 0xff;
            pixels[i] = (argb & 0xff00ff00) | (red << 16) | blue;
        }
        Tokens tokens = Tokens.of(pixels, width);

        LsbBitWriter out = new LsbBitWriter();
        out.write(SIGNATURE, 8);
        out.write(width - 1, 14);
        out.write(height - 1, 14);
        out.write(alphaUsed ? 1 : 0, 1);
        out.write(0, 3);
        out.write(1, 1);
        out.write(SUBTRACT_GREEN, 2);
        out.write(0, 1);
        out.write(0, 1); // no colour cache
        out.write(0, 1); // one set of prefix codes for the whole image
        tokens.write(out);
        return riff(out.toByteArray());
    }

    private static byte[] riff(byte[] vp8l) {
        int padding = vp8l.length % 2;
        ByteArrayOutputStream file = new ByteArrayOutputStream(vp8l.length + 21);
        file.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
        writeLittleEndian(file, 4 + 8 + vp8l.length + padding);
        file.writeBytes("WEBPVP8L".getBytes(StandardCharsets.US_ASCII));
        writeLittleEndian(file, vp8l.length);
        file.writeBytes(vp8l);
        if (padding == 1) {
            file.write(0);
        }
        return file.toByteArray();
    }

    private static void writeLittleEndian(ByteArrayOutputStream out, int value) {
        for (int shift = 0; shift < 32; shift += 8) {
            out.write((value >>> shift) & 0xff);
        }
    }

    /** The image as literal pixels and back-references, with the symbol counts the prefix codes are built from. */
    private static final class Tokens {
        private final int[] values;
        private final int[] lengths;
        private final int count;
        private final int[] green = new int[LITERALS + LENGTH_CODES];
        private final int[] red = new int[LITERALS];
        private final int[] blue = new int[LITERALS];
        private final int[] alpha = new int[LITERALS];
        private final int[] distance = new int[DISTANCE_CODES];

        private Tokens(int[] values, int[] lengths, int count) {
            this.values = values;
            this.lengths = lengths;
            this.count = count;
            for (int i = 0; i < count; i++) {
                if (lengths[i] == 0) {
                    int argb = values[i];
                    green[(argb >>> 8) & 0xff]++;
                    red[(argb >>> 16) & 0xff]++;
                    blue[argb & 0xff]++;
                    alpha[argb >>> 24]++;
                } else {
                    green[LITERALS + prefixSymbol(lengths[i])]++;
                    distance[prefixSymbol(values[i])]++;
                }
            }
        }

        /** Greedy matching: at each pixel the longer run copied from the left or from above, if long enough. */
        static Tokens of(int[] pixels, int width) {
            int[] values = new int[pixels.length];
            int[] lengths = new int[pixels.length];
            int count = 0;
            int i = 0;
            while (i < pixels.length) {
                int left = i >= 1 ? matchLength(pixels, i, 1) : 0;
                int above = i >= width ? matchLength(pixels, i, width) : 0;
                int best = Math.max(left, above);
                if (best >= MIN_MATCH) {
                    values[count] = above > left ? ABOVE : LEFT;
                    lengths[count++] = best;
                    i += best;
                } else {
                    values[count] = pixels[i];
                    lengths[count++] = 0;
                    i++;
                }
            }
            return new Tokens(values, lengths, count);
        }

        void write(LsbBitWriter out) {
            PrefixCode greenCode = PrefixCode.of(green);
            PrefixCode redCode = PrefixCode.of(red);
            PrefixCode blueCode = PrefixCode.of(blue);
            PrefixCode alphaCode = PrefixCode.of(alpha);
            PrefixCode distanceCode = PrefixCode.of(distance);
            for (PrefixCode code : new PrefixCode[] {greenCode, redCode, blueCode, alphaCode, distanceCode}) {
                code.writeHeader(out);
            }
            for (int i = 0; i < count; i++) {
                if (lengths[i] == 0) {
                    int argb = values[i];
                    greenCode.writeSymbol(out, (argb >>> 8) & 0xff);
                    redCode.writeSymbol(out, (argb >>> 16) & 0xff);
                    blueCode.writeSymbol(out, argb & 0xff);
                    alphaCode.writeSymbol(out, argb >>> 24);
                } else {
                    greenCode.writeSymbol(out, LITERALS + prefixSymbol(lengths[i]));
                    writeExtraBits(out, lengths[i]);
                    distanceCode.writeSymbol(out, prefixSymbol(values[i]));
                    writeExtraBits(out, values[i]);
                }
            }
        }

        private static int matchLength(int[] pixels, int start, int distance) {
            int length = 0;
            while (length < MAX_MATCH && start + length < pixels.length
                    && pixels[start + length] == pixels[start + length - distance]) {
                length++;
            }
            return length;
        }
    }

    /** The VP8L prefix symbol of a length or distance code {@code value} (1-based); the rest goes in extra bits. */
    static int prefixSymbol(int value) {
        int offset = value - 1;
        if (offset < 4) {
            return offset;
        }
        int highest = 31 - Integer.numberOfLeadingZeros(offset);
        return 2 * highest + ((offset >>> (highest - 1)) & 1);
    }

    private static void writeExtraBits(LsbBitWriter out, int value) {
        int offset = value - 1;
        if (offset < 4) {
            return;
        }
        int extraBits = 31 - Integer.numberOfLeadingZeros(offset) - 1;
        out.write(offset & ((1 << extraBits) - 1), extraBits);
    }
}
