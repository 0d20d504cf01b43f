package dev.genlab.core.spec;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks a spec's raw text before the YAML parser sees it: UTF-8, only characters YAML allows (no terminal
 * escapes), and lines within {@link SpecLimits#MAX_LINE_LENGTH}. Each problem names the line and column.
 */
final class SpecText {
    private SpecText() {
    }

    /** The text of {@code bytes} (a leading byte-order mark dropped), or the first problem found. */
    static Decoded decode(byte[] bytes) {
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
                && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            String text = decoder.decode(ByteBuffer.wrap(bytes, start, bytes.length - start)).toString();
            return check(text).map(Decoded::problem).orElseGet(() -> Decoded.text(text));
        } catch (CharacterCodingException e) {
            return Decoded.problem(notUtf8(bytes, start));
        }
    }

    /** The first problem of {@code text}: a character YAML does not allow, or a line too long; empty if none. */
    static Optional<String> check(String text) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (c == '\n') {
                line++;
                column = 1;
            } else {
                if (!allowed(c)) {
                    return Optional.of("line " + line + ", column " + column + ": the control character "
                            + codePoint(c) + " is not allowed in a spec");
                }
                if (column > SpecLimits.MAX_LINE_LENGTH) {
                    return Optional.of("line " + line + " is longer than " + SpecLimits.count(SpecLimits.MAX_LINE_LENGTH)
                            + " characters, the most a spec line may have");
                }
                column++;
            }
            i += Character.charCount(c);
        }
        return Optional.empty();
    }

    /** What YAML 1.2 allows in a stream (its c-printable set), but the byte-order mark, which is dropped. */
    static boolean allowed(int c) {
        return c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0x7e) || c == 0x85
                || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c != 0xfeff) || c >= 0x10000;
    }

    /** True for characters no value may hold, even as a quoted escape ({@code "\e[31m"}): they steer terminals. */
    static boolean isControl(int c) {
        return Character.isISOControl(c) && c != '\t' && c != '\n';
    }

    /** {@code text} with control characters shown as {@code \\u001B}, safe to print on a terminal. */
    static String printable(String text) {
        if (text.codePoints().noneMatch(SpecText::isControl)) {
            return text;
        }
        StringBuilder shown = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (isControl(c)) {
                shown.append(String.format(Locale.ROOT, "\\u%04X", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return shown.toString();
    }

    static String codePoint(int c) {
        return String.format(Locale.ROOT, "U+%04X", c);
    }

    private static String notUtf8(byte[] bytes, int start) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        decoder.decode(in, out, true);
        int bad = in.position();
        out.flip();
        int line = 1;
        int column = 1;
        for (int i = 0; i < out.length(); i++) {
            if (out.charAt(i) == '\n') {
                line++;
                column = 1;
            } else if (!Character.isLowSurrogate(out.charAt(i))) {
                column++;
            }
        }
        return String.format(Locale.ROOT, "line %d, column %d: byte 0x%02X is not UTF-8; save the spec as UTF-8",
                line, column, bytes[bad] & 0xff);
    }

    /** Decoded text, or why there is none. */
    record Decoded(String text, String problem) {
        static Decoded text(String text) {
            return new Decoded(text, null);
        }

        static Decoded problem(String problem) {
            return new Decoded(null, problem);
        }

        boolean ok() {
            return problem == null;
        }
    }
}
