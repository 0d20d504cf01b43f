package dev.genlab.api;

/**
 * What every dataset and model factory shares: the name used in YAML ({@code type: vae}), a one-line
 * description, and the immutable record of its parameters with their defaults.
 *
 * <p>Parameters are bound from the spec onto {@link #defaults()}: a key the spec leaves out keeps its
 * default; a component whose default is {@code null} is required (so the record's constructor must
 * accept null there, for the defaults instance); an {@link java.util.Optional} component may stay empty.
 * A constructor that rejects a combination of values throws {@link IllegalArgumentException} with a
 * message {@code "key: what is wrong"}, reported against that key. Components may carry {@link Description}, {@link Min} and {@link Max}.
 */
public interface PluginFactory<P extends Record> {
    /** The name used in the spec's {@code type} key; lower case, unique per kind. */
    String name();

    /** One line, shown by {@code genlab plugins}. */
    String description();

    Class<P> parametersType();

    /** The parameter values used where the spec is silent. */
    P defaults();

    /**
     * Checks that span several parameters, run after each value passed its own checks. Each problem is
     * {@code "key: message"} ({@code "hiddenSizes: must not be empty"}) so the runner can name its line.
     */
    default java.util.List<String> validate(P parameters) {
        return java.util.List.of();
    }
}
