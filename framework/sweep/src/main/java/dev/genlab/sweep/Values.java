package dev.genlab.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Swept values as text for {@code --set key=value}, read back as YAML by the spec binder. */
final class Values {
    private Values() {
    }

    /** {@code 8,16,[32,32]}: the values between top-level commas (commas inside brackets belong to a list). */
    static List<String> split(String text) {
        List<String> values = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                values.add(text.substring(start, i).strip());
                start = i + 1;
            }
        }
        values.add(text.substring(start).strip());
        return values;
    }

    /** A YAML value as flow text: numbers and plain words as they are, other strings double-quoted. */
    static String text(JsonNode value) {
        if (value.isTextual() && !value.asText().matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
            return value.toString();
        }
        if (value.isTextual() || value.isNumber() || value.isBoolean()) {
            return value.asText();
        }
        return value.toString();
    }
}
