package dev.genlab.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genlab.tracking.TrackingUri;
import java.util.List;

/**
 * Applies {@code --set path=value} overrides to a spec before binding, so they pass through the same
 * validation as the file; each overridden value remembers the {@code --set} it came from.
 */
final class Overrides {
    private Overrides() {
    }

    static SpecDocument apply(SpecDocument document, List<String> overrides, Problems problems) {
        SpecDocument result = document.copy();
        for (String given : overrides) {
            // as shown in messages: without control characters or the password of an address
            String override = TrackingUri.redact(SpecText.printable(given));
            if (!SpecText.printable(given).equals(given)) {
                problems.addGeneral("--set " + override + ": control characters are not allowed");
                continue;
            }
            int equals = given.indexOf('=');
            String path = equals < 0 ? "" : given.substring(0, equals).strip();
            if (equals < 0 || path.isEmpty() || path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
                problems.addGeneral("--set " + override + ": expected path=value, for example --set model.latentDim=64");
                continue;
            }
            JsonNode value;
            try {
                value = SpecReader.parseValue(given.substring(equals + 1));
            } catch (IllegalArgumentException e) {
                problems.addGeneral("--set " + override + ": " + e.getMessage());
                continue;
            }
            set(result, path, value, "--set " + override, problems);
        }
        return result;
    }

    private static void set(SpecDocument document, String path, JsonNode value, String origin, Problems problems) {
        String[] keys = path.split("\\.");
        ObjectNode parent = document.root();
        String walked = "";
        for (int i = 0; i < keys.length - 1; i++) {
            walked = RecordBinder.join(walked, keys[i]);
            JsonNode child = parent.get(keys[i]);
            if (child == null || child.isNull()) {
                ObjectNode created = parent.putObject(keys[i]);
                document.setOrigin(walked, origin);
                parent = created;
            } else if (child instanceof ObjectNode object) {
                parent = object;
            } else if (child.isTextual() && i == 0 && (keys[0].equals("dataset") || keys[0].equals("model"))) {
                // "model: ae" is shorthand for "model: {type: ae}"; an override deeper in needs the mapping.
                ObjectNode expanded = parent.putObject(keys[i]);
                expanded.set("type", child);
                parent = expanded;
            } else {
                problems.addGeneral(origin + ": '" + walked + "' is a single value, not a mapping, so it has no '"
                        + keys[i + 1] + "'");
                return;
            }
        }
        document.forgetBelow(path);
        parent.set(keys[keys.length - 1], value);
        document.setOrigin(path, origin);
    }
}
