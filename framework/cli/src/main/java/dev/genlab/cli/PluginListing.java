package dev.genlab.cli;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.PluginFactory;
import dev.genlab.core.plugin.PluginRegistry;
import dev.genlab.core.spec.ParameterInfo;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** Prints every plugin with its parameters, types, defaults and descriptions. */
final class PluginListing {
    private final PrintStream out;

    PluginListing(PrintStream out) {
        this.out = requireNonNull(out, "out is null");
    }

    void print(PluginRegistry registry) {
        section("Datasets", registry.datasets());
        out.println();
        section("Models", registry.models());
    }

    private void section(String title, Map<String, ? extends PluginFactory<?>> factories) {
        out.println(title + " (type: <name>)");
        if (factories.isEmpty()) {
            out.println("  (none on the class path)");
        }
        for (PluginFactory<?> factory : factories.values()) {
            out.println();
            out.println("  " + factory.name() + " - " + factory.description());
            List<ParameterInfo> parameters = ParameterInfo.of(factory.parametersType(), factory.defaults());
            int nameWidth = parameters.stream().mapToInt(p -> p.name().length()).max().orElse(0);
            int typeWidth = parameters.stream().mapToInt(p -> p.type().length()).max().orElse(0);
            int defaultWidth = parameters.stream().mapToInt(p -> p.defaultValue().length()).max().orElse(0);
            for (ParameterInfo parameter : parameters) {
                out.println(String.format("    %-" + nameWidth + "s  %-" + typeWidth + "s  %-" + defaultWidth + "s  %s",
                        parameter.name(), parameter.type(), parameter.defaultValue(), parameter.description()).stripTrailing());
            }
        }
    }
}
