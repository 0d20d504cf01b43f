package dev.genlab.core.spec;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genlab.api.Description;
import dev.genlab.api.Max;
import dev.genlab.api.Min;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One parameter of a record as {@code genlab plugins} documents it. */
public record ParameterInfo(String name, String type, String defaultValue, String description) {
    public ParameterInfo {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(defaultValue, "defaultValue is null");
        requireNonNull(description, "description is null");
    }

    /** The parameters of {@code type} with the values of {@code defaults}. */
    public static List<ParameterInfo> of(Class<? extends Record> type, Record defaults) {
        List<ParameterInfo> parameters = new ArrayList<>();
        for (RecordComponent component : type.getRecordComponents()) {
            Object value;
            try {
                component.getAccessor().setAccessible(true);
                value = defaults == null ? null : component.getAccessor().invoke(defaults);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + component, e);
            }
            Description description = component.getAnnotation(Description.class);
            parameters.add(new ParameterInfo(component.getName(), typeText(component), defaultText(component, value),
                    description == null ? "" : description.value()));
        }
        return parameters;
    }

    private static String typeText(RecordComponent component) {
        String text = RecordBinder.describe(component.getGenericType()).replaceFirst("^an? ", "");
        Min min = component.getAnnotation(Min.class);
        Max max = component.getAnnotation(Max.class);
        if (min != null) {
            text += (min.exclusive() ? " > " : " >= ") + RecordBinder.number(min.value());
        }
        if (max != null) {
            text += (max.exclusive() ? " < " : " <= ") + RecordBinder.number(max.value());
        }
        return text;
    }

    private static String defaultText(RecordComponent component, Object value) {
        if (value == null) {
            return component.getType() == Optional.class ? "(none)" : "(required)";
        }
        JsonNode node = RecordWriter.value(value);
        if (node == null) {
            return "(none)";
        }
        return node.isTextual() ? node.textValue() : node.toString();
    }
}
