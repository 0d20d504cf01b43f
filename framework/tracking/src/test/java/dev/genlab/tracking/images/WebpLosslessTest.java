package dev.genlab.tracking.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.function.IntBinaryOperator;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebpLosslessTest {
    private final Random random = new Random(42);

    // No 1x1 image: the test's decoder (TwelveMonkeys) reads 8-byte words and fails on a 32-byte file that
    // libwebp and browsers read; thumbnails are 256 pixels on their longer side anyway.
    @ParameterizedTest(name = "{0}x{1} {2}")
    @CsvSource({
            "2, 1, noise", "1, 2, noise", "7, 5, flat", "7, 5, noise", "256, 179, flat", "256, 179, grey",
            "256, 179, noise", "256, 256, translucent", "256, 256, checks", "100, 300, skewed", "3000, 4, checks"})
    void decodesToExactlyThePixelsEncoded(int width, int height, String kind) throws IOException {
        BufferedImage image = image(width, height, pattern(kind));

        BufferedImage decoded = decode(WebpLossless.encode(image));

        assertThat(decoded.getWidth()).isEqualTo(width);
        assertThat(decoded.getHeight()).isEqualTo(height);
        assertThat(argb(decoded)).isEqualTo(argb(image));
    }

    @Test
    void writesARiffWebpContainerWithALosslessChunk() {
        byte[] webp = WebpLossless.encode(image(3, 2, (x, y) -> 0xff336699));

        assertThat(new String(webp, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(littleEndian(webp, 4)).isEqualTo(webp.length - 8);
        assertThat(new String(webp, 8, 8, StandardCharsets.US_ASCII)).isEqualTo("WEBPVP8L");
        assertThat(webp[20]).isEqualTo((byte) 0x2f);
        assertThat(webp.length % 2).isZero();
    }

    @Test
    void flatBackgroundsCostAlmostNothing() {
        byte[] webp = WebpLossless.encode(image(256, 256, (x, y) -> 0xff000000));

        assertThat(webp.length).isLessThan(100);
    }

    @Test
    void huffmanCodesStayWithinFifteenBitsAndComplete() {
        // Fibonacci counts make the deepest possible Huffman tree: 30 symbols would need 29 bits unlimited.
        int[] counts = new int[40];
        int a = 1;
        int b = 1;
        for (int i = 0; i < 30; i++) {
            counts[i] = a;
            int next = a + b;
            a = b;
            b = next;
        }

        int[] lengths = PrefixCode.huffmanLengths(counts, PrefixCode.MAX_LENGTH);

        assertThat(Arrays.stream(lengths).max().orElseThrow()).isLessThanOrEqualTo(15);
        assertThat(kraftSum(lengths)).isEqualTo(1.0);
        assertThat(Arrays.stream(lengths, 0, 30)).allMatch(length -> length > 0);
    }

    @Test
    void aLoneSymbolStillGetsACompleteCode() {
        int[] counts = new int[19];
        counts[8] = 280;

        int[] lengths = PrefixCode.huffmanLengths(counts, 7);

        assertThat(lengths[8]).isEqualTo(1);
        assertThat(kraftSum(lengths)).isEqualTo(1.0);
    }

    @Test
    void prefixSymbolsFollowTheVp8lTable() {
        assertThat(WebpLossless.prefixSymbol(1)).isZero();
        assertThat(WebpLossless.prefixSymbol(4)).isEqualTo(3);
        assertThat(WebpLossless.prefixSymbol(5)).isEqualTo(4);
        assertThat(WebpLossless.prefixSymbol(7)).isEqualTo(5);
        assertThat(WebpLossless.prefixSymbol(4096)).isEqualTo(23);
    }

    private IntBinaryOperator pattern(String kind) {
        return switch (kind) {
            case "flat" -> (x, y) -> 0xff102030;
            case "grey" -> (x, y) -> grey((x * 7 + y * 3) % 256);
            case "noise" -> (x, y) -> 0xff000000 | random.nextInt(1 << 24);
            case "translucent" -> (x, y) -> random.nextInt();
            case "checks" -> (x, y) -> ((x / 8 + y / 8) % 2 == 0) ? 0xff000000 | (x % 256) << 16 | 0x80ff : 0xff000000;
            case "skewed" -> (x, y) -> grey(Math.min(255, Integer.numberOfTrailingZeros(random.nextInt() | 1 << 20) * 12));
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static int grey(int value) {
        return 0xff000000 | value << 16 | value << 8 | value;
    }

    private static BufferedImage image(int width, int height, IntBinaryOperator pixel) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, pixel.applyAsInt(x, y));
            }
        }
        return image;
    }

    private static BufferedImage decode(byte[] webp) throws IOException {
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(webp));
        assertThat(decoded).as("a WebP reader is on the test class path and accepts the file").isNotNull();
        return decoded;
    }

    private static int[] argb(BufferedImage image) {
        return Thumbnail.toArgb(image).getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    private static int littleEndian(byte[] bytes, int offset) {
        return (bytes[offset] & 0xff) | (bytes[offset + 1] & 0xff) << 8 | (bytes[offset + 2] & 0xff) << 16
                | (bytes[offset + 3] & 0xff) << 24;
    }

    private static double kraftSum(int[] lengths) {
        return Arrays.stream(lengths).filter(length -> length > 0).mapToDouble(length -> Math.pow(2, -length)).sum();
    }
}
