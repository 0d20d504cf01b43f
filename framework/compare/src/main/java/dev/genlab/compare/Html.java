package dev.genlab.compare;

/** Text made safe for HTML and SVG: names, parameter values and keys come from users. */
final class Html {
    private Html() {
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.appendCodePoint(Character.isISOControl(c) && c != '\n' && c != '\t' ? 0xFFFD : c);
            }
        });
        return escaped.toString();
    }
}
