package dev.genlab.core.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.genlab.api.GenLabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML into a {@link SpecDocument}, remembering the line of every key and value, so that every
 * later message can say where the problem is.
 */
public final class SpecReader {
    private static final YAMLFactory YAML = YAMLFactory.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SpecReader() {
    }

    public static SpecDocument read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new GenLabException(GenLabException.Category.CONFIG, "Spec file not found: " + file);
        } catch (IOException e) {
            throw new GenLabException(GenLabException.Category.CONFIG, "Cannot read spec file " + file + ": " + e, e);
        }
        return parse(file.toString(), text);
    }

    /** Parses {@code text}; {@code name} stands for it in messages. */
    public static SpecDocument parse(String name, String text) {
        Map<String, String> origins = new HashMap<>();
        List<String> duplicates = new java.util.ArrayList<>();
        try (JsonParser parser = YAML.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw invalid(name, "the spec is empty");
            }
            if (first != JsonToken.START_OBJECT) {
                throw invalid(name, "a spec is a YAML mapping (key: value lines), but the document starts with a "
                        + describe(first) + " (line " + parser.currentTokenLocation().getLineNr() + ")");
            }
            origins.put("", "line " + parser.currentTokenLocation().getLineNr());
            ObjectNode root = readObject(parser, "", origins, duplicates);
            if (parser.nextToken() != null) {
                throw invalid(name, "the spec holds more than one YAML document (line "
                        + parser.currentTokenLocation().getLineNr() + "); keep one");
            }
            if (!duplicates.isEmpty()) {
                throw new GenLabException(GenLabException.Category.CONFIG, "Invalid spec " + name + ":", duplicates, null);
            }
            return new SpecDocument(name, root, origins);
        } catch (JsonProcessingException e) {
            throw new GenLabException(GenLabException.Category.CONFIG, "Invalid spec " + name + ":",
                    List.of(malformed(e)), e);
        } catch (IOException e) {
            throw invalid(name, "cannot parse: " + e.getMessage());
        }
    }

    static JsonNode parseValue(String text) throws IOException {
        try (JsonParser parser = YAML.createParser(text)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return NODES.nullNode();
            }
            return readValue(parser, token, "", new HashMap<>(), new java.util.ArrayList<>());
        }
    }

    private static ObjectNode readObject(JsonParser parser, String path, Map<String, String> origins,
            List<String> duplicates) throws IOException {
        ObjectNode node = NODES.objectNode();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            String child = path.isEmpty() ? key : path + "." + key;
            int line = parser.currentTokenLocation().getLineNr();
            JsonToken valueToken = parser.nextToken();
            if (node.has(key)) {
                duplicates.add(child + ": duplicate key (line " + line + "; first at "
                        + origins.get(child) + ")");
            }
            origins.put(child, "line " + line);
            node.set(key, readValue(parser, valueToken, child, origins, duplicates));
        }
        if (token != JsonToken.END_OBJECT) {
            throw new IOException("unexpected " + token);
        }
        return node;
    }

    private static JsonNode readValue(JsonParser parser, JsonToken token, String path, Map<String, String> origins,
            List<String> duplicates) throws IOException {
        switch (token) {
            case START_OBJECT:
                return readObject(parser, path, origins, duplicates);
            case START_ARRAY: {
                ArrayNode array = NODES.arrayNode();
                JsonToken element;
                while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
                    String child = path + "[" + array.size() + "]";
                    origins.put(child, "line " + parser.currentTokenLocation().getLineNr());
                    array.add(readValue(parser, element, child, origins, duplicates));
                }
                return array;
            }
            case VALUE_STRING:
                return NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT:
                return parser.getNumberType() == JsonParser.NumberType.INT ? NODES.numberNode(parser.getIntValue())
                        : parser.getNumberType() == JsonParser.NumberType.LONG ? NODES.numberNode(parser.getLongValue())
                        : NODES.numberNode(parser.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new IOException("unexpected " + token);
        }
    }

    @SuppressWarnings("deprecation")
    private static String malformed(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException marked
                && marked.getProblemMark() != null) {
            var at = marked.getProblemMark();
            String text = "malformed YAML at line " + (at.getLine() + 1) + ", column " + (at.getColumn() + 1) + ": "
                    + marked.getProblem();
            var context = marked.getContextMark();
            if (marked.getContext() != null && context != null && context.getLine() != at.getLine()) {
                text += " (" + marked.getContext() + " started at line " + (context.getLine() + 1) + ", column "
                        + (context.getColumn() + 1) + ")";
            }
            return text;
        }
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return "malformed YAML" + where + ": " + firstLine(e.getOriginalMessage());
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "list";
            case VALUE_STRING -> "plain text";
            default -> "single value";
        };
    }

    private static String firstLine(String message) {
        String text = message == null ? "" : message.strip();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static GenLabException invalid(String name, String problem) {
        return new GenLabException(GenLabException.Category.CONFIG, "Invalid spec " + name + ":", List.of(problem), null);
    }
}
