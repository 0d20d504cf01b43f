package dev.genlab.tracking.journal;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * Where a run's events go, as the journal records it: an MLflow server's address, or the local store
 * ({@code mlflow.db} and {@code mlartifacts/}) of a directory, which GenLab serves with a server of its own on
 * a port that changes every time. The key never holds credentials: they come from the environment when sending.
 */
public record Destination(String key) {
    private static final String LOCAL = "local:";

    public Destination {
        requireNonNull(key, "key is null");
    }

    /** A tracking server; user information, query and fragment of {@code uri} are dropped. */
    public static Destination remote(URI uri) {
        return new Destination(withoutCredentials(uri).toString().replaceAll("/+$", ""));
    }

    public static Destination localStore(Path directory) {
        return new Destination(LOCAL + directory.toAbsolutePath().normalize());
    }

    public boolean isLocalStore() {
        return key.startsWith(LOCAL);
    }

    public Path localStore() {
        return Path.of(key.substring(LOCAL.length()));
    }

    public URI uri() {
        return URI.create(key);
    }

    /** For messages: the server's address or the store's directory. */
    public String describe() {
        return isLocalStore() ? "the local MLflow store in " + localStore() : "MLflow at " + key;
    }

    /** {@code uri} without {@code user:password@}, query or fragment, so that no secret reaches a file or a log. */
    public static URI withoutCredentials(URI uri) {
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Not a usable tracking URI: " + uri.getScheme() + "://" + uri.getHost(), e);
        }
    }

    @Override
    public String toString() {
        return key;
    }
}
