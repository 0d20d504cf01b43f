package dev.genlab.api;

import java.util.List;

/**
 * What every dataset and model factory shares: the name used in YAML ({@code type: vae}), a one-line
 * description, and the immutable record of its parameters with their defaults.
 *
 * <p>Parameters are bound from the spec onto {@link #defaults()}: a key the spec leaves out keeps its
 * default; a component whose default is {@code null} is required (so the record's constructor must
 * accept null there, for the defaults instance); an {@link java.util.Optional} component may stay empty.
 * A constructor that rejects a combination of values throws {@link IllegalArgumentException} with a
 * message {@code "key: what is wrong"}, reported against that key. Components may carry {@link Description},
 * {@link Min} and {@link Max}.
 */
public interface PluginFactory<P extends Record> {
    /** The name used in the spec's {@code type} key; lower case, unique per kind. */
    String name();

    /** One line, shown by {@code genlab plugins}. */
    String description();

    /** The parameter values used where the spec is silent; its class is the parameters' record type. */
    P defaults();

    /** The record type of the parameters: the class of {@link #defaults()} (records are final). */
    @SuppressWarnings("unchecked")
    default Class<P> parametersType() {
        return (Class<P>) defaults().getClass();
    }

    /**
     * Checks that span several parameters, run after each value passed its own checks
     * ({@code Problem.of("hiddenSizes", "must not be empty")}); the runner names each problem's YAML path and line.
     */
    default List<Problem> validate(P parameters) {
        return List.of();
    }
}
