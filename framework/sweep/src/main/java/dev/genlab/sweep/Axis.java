package dev.genlab.sweep;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One swept spec value: its dotted path and the values it takes, each as it would follow {@code --set path=}.
 *
 * @param source where the axis was given, for messages ({@code --grid model.latentDim=8,16} or
 *     {@code sweep.grid.model.latentDim, line 12})
 */
record Axis(String key, List<String> values, String source) {
    Axis {
        requireNonNull(key, "key is null");
        values = List.copyOf(values);
        requireNonNull(source, "source is null");
    }

    String override(int index) {
        return key + "=" + values.get(index);
    }
}
