package dev.genlab.api;

import static java.util.Objects.requireNonNull;

/**
 * A problem a plugin finds with its parameters: the parameter it belongs to ({@code hiddenSizes}, a dotted path
 * below the plugin's section such as {@code sha256.train-images-idx3-ubyte.gz}, or empty for the plugin's section
 * as a whole) and what is wrong. The runner reports it with its full YAML path and line.
 */
public record Problem(String key, String message) {
    public Problem {
        requireNonNull(key, "key is null");
        requireNonNull(message, "message is null");
    }

    /** A problem with the parameter {@code key}. */
    public static Problem of(String key, String message) {
        return new Problem(key, message);
    }

    /** A problem with the plugin's parameters as a whole, or with the data they meet. */
    public static Problem general(String message) {
        return new Problem("", message);
    }

    @Override
    public String toString() {
        return key.isEmpty() ? message : key + ": " + message;
    }
}
