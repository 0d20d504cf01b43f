package dev.genlab.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genlab.tracking.TrackingUri;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a bound record back as a YAML tree: the resolved spec, defaults filled in. URIs are written without
 * their user information, and addresses in text with it hidden, so no password given in a spec is stored with a
 * run.
 */
final class RecordWriter {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RecordWriter() {
    }

    static ObjectNode write(Record record) {
        ObjectNode node = NODES.objectNode();
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object value = read(component, record);
            JsonNode written = value(value);
            if (written != null) {
                node.set(component.getName(), written);
            }
        }
        return node;
    }

    /** The value as a tree node, or null for an empty Optional (left out of the resolved spec). */
    static JsonNode value(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof Optional<?> optional) {
            return optional.map(RecordWriter::value).orElse(null);
        }
        if (value instanceof Record record) {
            return write(record);
        }
        if (value instanceof Collection<?> collection) {
            ArrayNode array = NODES.arrayNode();
            collection.forEach(element -> array.add(value(element)));
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            map.forEach((key, element) -> object.set(String.valueOf(key), value(element)));
            return object;
        }
        if (value instanceof Enum<?> constant) {
            return NODES.textNode(RecordBinder.name(constant));
        }
        if (value instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (value instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (value instanceof Double d) {
            return NODES.numberNode(d);
        }
        if (value instanceof Float f) {
            return NODES.numberNode(f);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof URI uri) {
            // user information is a secret: the resolved spec goes to files, MLflow parameters and consoles
            return NODES.textNode(TrackingUri.withoutUserInfo(uri).toString());
        }
        if (value instanceof String text) {
            // addresses given as text (a plugin's mirror URLs) keep no password either
            return NODES.textNode(TrackingUri.hideUserInfo(text));
        }
        return NODES.textNode(value.toString());
    }

    /** The value of one component of {@code record}, read through its accessor. */
    static Object read(RecordComponent component, Record record) {
        try {
            component.getAccessor().setAccessible(true);
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + component, e);
        }
    }
}
