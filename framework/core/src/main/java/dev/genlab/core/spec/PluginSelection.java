package dev.genlab.core.spec;

import static java.util.Objects.requireNonNull;

/** A plugin chosen by the spec ({@code type}) with its bound, validated parameters. */
public record PluginSelection(String type, Record parameters) {
    public PluginSelection {
        requireNonNull(type, "type is null");
        requireNonNull(parameters, "parameters is null");
    }
}
