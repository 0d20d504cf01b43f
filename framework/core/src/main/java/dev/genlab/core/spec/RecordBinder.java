package dev.genlab.core.spec;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genlab.api.Max;
import dev.genlab.api.Min;
import dev.genlab.tracking.TrackingUri;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Binds a YAML mapping onto an immutable record, starting from a defaults instance. Every problem is
 * added to {@link Problems} rather than thrown, so one pass reports all of them.
 *
 * <p>Supported component types: int, long, double, float, boolean (and boxes), String, enums, Path, URI,
 * {@code Optional<T>}, {@code List<T>}, {@code Map<String, T>} and nested records.
 */
final class RecordBinder {
    /** Returned for a value that could not be converted; never reaches a record. */
    private static final Object INVALID = new Object();
    /** The most characters of a value a message repeats. */
    private static final int SHOWN_LENGTH = 60;

    private final Problems problems;

    RecordBinder(Problems problems) {
        this.problems = requireNonNull(problems, "problems is null");
    }

    /**
     * Binds {@code node} (may be null: nothing given) at {@code path}. Keys in {@code reserved} belong to
     * the caller (a plugin section's {@code type}). Returns empty when any problem was found.
     */
    <R extends Record> Optional<R> bind(JsonNode node, String path, Class<R> type, R defaults, Set<String> reserved) {
        int before = problems.count();
        ObjectNode mapping = node instanceof ObjectNode object ? object : null;
        RecordComponent[] components = type.getRecordComponents();
        List<String> names = Arrays.stream(components).map(RecordComponent::getName).toList();
        if (mapping != null) {
            for (Iterator<String> keys = mapping.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (!names.contains(key) && !reserved.contains(key)) {
                    problems.add(join(path, key), "unknown key" + unknownKeyHint(key, names));
                }
            }
        }
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            String childPath = join(path, component.getName());
            Object defaultValue = defaults == null ? null : RecordWriter.read(component, defaults);
            JsonNode given = mapping == null ? null : mapping.get(component.getName());
            if (given == null) {
                if (defaultValue == null && !isOptional(component.getGenericType())) {
                    problems.add(childPath, "required value is missing");
                    values[i] = INVALID;
                } else {
                    values[i] = defaultValue == null ? Optional.empty() : defaultValue;
                }
            } else {
                values[i] = convert(given, component.getGenericType(), childPath, defaultValue, component);
            }
        }
        if (problems.count() > before || Arrays.asList(values).contains(INVALID)) {
            return Optional.empty();
        }
        return construct(type, components, values, path);
    }

    private String unknownKeyHint(String key, List<String> names) {
        String hint = DidYouMean.hint(key, names);
        return hint.isEmpty() ? "; known keys: " + String.join(", ", names) : hint;
    }

    private <R extends Record> Optional<R> construct(Class<R> type, RecordComponent[] components, Object[] values,
            String path) {
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            Constructor<R> constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return Optional.of(constructor.newInstance(values));
        } catch (InvocationTargetException e) {
            String message = String.valueOf(e.getCause().getMessage());
            int colon = message.indexOf(": ");
            String key = colon > 0 ? message.substring(0, colon) : "";
            if (Arrays.stream(components).anyMatch(component -> component.getName().equals(key))) {
                problems.add(join(path, key), message.substring(colon + 2));
            } else {
                problems.add(path, message);
            }
            return Optional.empty();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getName(), e);
        }
    }

    private static boolean isOptional(Type type) {
        return rawType(type) == Optional.class;
    }

    private Object convert(JsonNode node, Type type, String path, Object defaultValue, RecordComponent component) {
        Class<?> raw = rawType(type);
        if (raw == Optional.class) {
            if (node.isNull()) {
                return Optional.empty();
            }
            Object inner = convert(node, typeArgument(type, 0), path, null, component);
            return inner == INVALID ? INVALID : Optional.of(inner);
        }
        if (node.isNull()) {
            problems.add(path, "expected " + describe(type) + ", got nothing");
            return INVALID;
        }
        if (raw == List.class) {
            if (!node.isArray()) {
                problems.add(path, "expected " + describe(type) + ", got " + show(node));
                return INVALID;
            }
            List<Object> list = new ArrayList<>();
            boolean valid = true;
            for (int i = 0; i < node.size(); i++) {
                Object element = convert(node.get(i), typeArgument(type, 0), path + "[" + i + "]", null, component);
                valid &= element != INVALID;
                list.add(element);
            }
            return valid ? List.copyOf(list) : INVALID;
        }
        if (raw == Map.class) {
            if (!node.isObject()) {
                problems.add(path, "expected a mapping, got " + show(node));
                return INVALID;
            }
            Map<String, Object> map = new LinkedHashMap<>();
            boolean valid = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                Object value = convert(entry.getValue(), typeArgument(type, 1), join(path, entry.getKey()), null,
                        component);
                valid &= value != INVALID;
                map.put(entry.getKey(), value);
            }
            return valid ? Map.copyOf(map) : INVALID;
        }
        if (raw.isRecord()) {
            if (!node.isObject()) {
                problems.add(path, "expected a mapping, got " + show(node));
                return INVALID;
            }
            return bindNested(node, path, raw, (Record) defaultValue);
        }
        if (node.isContainerNode()) {
            problems.add(path, "expected " + describe(type) + ", got " + show(node));
            return INVALID;
        }
        return scalar(node, raw, path, component);
    }

    @SuppressWarnings("unchecked")
    private <R extends Record> Object bindNested(JsonNode node, String path, Class<?> raw, Record defaults) {
        Optional<R> bound = bind(node, path, (Class<R>) raw, (R) defaults, Set.of());
        return bound.isPresent() ? bound.get() : INVALID;
    }

    private Object scalar(JsonNode node, Class<?> raw, String path, RecordComponent component) {
        if (raw == String.class) {
            return node.asText();
        }
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            Optional<Long> value = integral(node);
            boolean isInt = raw == int.class || raw == Integer.class;
            if (value.isEmpty() || (isInt && (value.get() < Integer.MIN_VALUE || value.get() > Integer.MAX_VALUE))) {
                problems.add(path, "expected " + describe(raw) + ", got " + show(node));
                return INVALID;
            }
            if (!inRange(value.get(), path, component)) {
                return INVALID;
            }
            return isInt ? (Object) value.get().intValue() : value.get();
        }
        if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
            Optional<Double> value = decimal(node);
            if (value.isEmpty() || !Double.isFinite(value.get())) {
                problems.add(path, "expected a " + (value.isEmpty() ? "" : "finite ") + "number, got " + show(node));
                return INVALID;
            }
            if (!inRange(value.get(), path, component)) {
                return INVALID;
            }
            return raw == float.class || raw == Float.class ? (Object) value.get().floatValue() : value.get();
        }
        if (raw == boolean.class || raw == Boolean.class) {
            if (node.isBoolean()) {
                return node.booleanValue();
            }
            String text = node.asText().toLowerCase(Locale.ROOT);
            if (text.equals("true") || text.equals("false")) {
                return Boolean.parseBoolean(text);
            }
            problems.add(path, "expected true or false, got " + show(node));
            return INVALID;
        }
        if (raw.isEnum()) {
            return enumValue(node, raw, path);
        }
        if (raw == Path.class) {
            String text = node.asText();
            if (text.startsWith("~/")) {
                text = System.getProperty("user.home") + text.substring(1);
            }
            try {
                return Path.of(text);
            } catch (java.nio.file.InvalidPathException e) {
                problems.add(path, "not a valid path: " + show(node));
                return INVALID;
            }
        }
        if (raw == URI.class) {
            try {
                return new URI(node.asText());
            } catch (URISyntaxException e) {
                problems.add(path, "not a valid URI (" + e.getReason().toLowerCase(Locale.ROOT) + " at column "
                        + (e.getIndex() + 1) + "): '" + TrackingUri.redact(abbreviate(node.asText())) + "'");
                return INVALID;
            }
        }
        throw new IllegalStateException("unsupported parameter type " + raw.getName() + " at " + path);
    }

    private Object enumValue(JsonNode node, Class<?> raw, String path) {
        List<String> names = enumNames(raw);
        String given = node.asText().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Object constant : raw.getEnumConstants()) {
            if (name((Enum<?>) constant).equals(given)) {
                return constant;
            }
        }
        problems.add(path, show(node) + " is not one of " + String.join(", ", names) + DidYouMean.hint(given, names));
        return INVALID;
    }

    /** An enum constant as written in YAML: lower case, dashes for underscores. */
    static String name(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static List<String> enumNames(Class<?> type) {
        return Arrays.stream(type.getEnumConstants()).map(constant -> name((Enum<?>) constant)).toList();
    }

    private boolean inRange(double value, String path, RecordComponent component) {
        Min min = component.getAnnotation(Min.class);
        if (min != null && (min.exclusive() ? value <= min.value() : value < min.value())) {
            problems.add(path, "must be " + (min.exclusive() ? "> " : ">= ") + number(min.value()) + ", got "
                    + number(value));
            return false;
        }
        Max max = component.getAnnotation(Max.class);
        if (max != null && (max.exclusive() ? value >= max.value() : value > max.value())) {
            problems.add(path, "must be " + (max.exclusive() ? "< " : "<= ") + number(max.value()) + ", got "
                    + number(value));
            return false;
        }
        return true;
    }

    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    private static Optional<Long> integral(JsonNode node) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return Optional.of(node.longValue());
        }
        Optional<Double> decimal = decimal(node);
        if (decimal.isPresent() && decimal.get() == Math.rint(decimal.get()) && Math.abs(decimal.get()) < 9e15) {
            return Optional.of(decimal.get().longValue());
        }
        return Optional.empty();
    }

    private static Optional<Double> decimal(JsonNode node) {
        if (node.isNumber()) {
            return Optional.of(node.doubleValue());
        }
        if (node.isTextual()) {
            // a number in quotes is still meant as the number, read by the same grammar as a plain one
            return YamlScalars.number(node.textValue().strip()).map(JsonNode::doubleValue);
        }
        return Optional.empty();
    }

    static String describe(Type type) {
        Class<?> raw = rawType(type);
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            return "an integer";
        }
        if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
            return "a number";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "true or false";
        }
        if (raw == String.class) {
            return "text";
        }
        if (raw == Path.class) {
            return "a path";
        }
        if (raw == URI.class) {
            return "a URI";
        }
        if (raw.isEnum()) {
            return "one of " + String.join(", ", enumNames(raw));
        }
        if (raw == Optional.class) {
            return describe(typeArgument(type, 0));
        }
        if (raw == List.class) {
            return "a list of " + plural(describe(typeArgument(type, 0)));
        }
        return "a mapping";
    }

    private static String plural(String description) {
        return switch (description) {
            case "an integer" -> "integers";
            case "a number" -> "numbers";
            case "a path" -> "paths";
            case "a URI" -> "URIs";
            case "a mapping" -> "mappings";
            case "true or false" -> "true/false values";
            default -> description.startsWith("one of ") ? "values, each " + description : description;
        };
    }

    private static String show(JsonNode node) {
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isTextual()) {
            return node.textValue().isEmpty() ? "nothing" : "'" + TrackingUri.redact(abbreviate(node.textValue())) + "'";
        }
        if (node.isFloatingPointNumber()) {
            return YamlScalars.show(node.doubleValue());
        }
        return abbreviate(node.toString());
    }

    /** Long values are cut in messages: the path and line say where the rest is. */
    private static String abbreviate(String text) {
        return text.length() <= SHOWN_LENGTH ? text : text.substring(0, SHOWN_LENGTH - 3) + "...";
    }

    static Class<?> rawType(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalStateException("unsupported parameter type " + type);
    }

    static Type typeArgument(Type type, int index) {
        if (type instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[index];
        }
        throw new IllegalStateException("raw generic parameter type " + type);
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
