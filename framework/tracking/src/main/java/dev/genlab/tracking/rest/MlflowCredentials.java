package dev.genlab.tracking.rest;

import dev.genlab.tracking.TrackingUri;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The credentials MLflow clients take from the environment: {@code MLFLOW_TRACKING_USERNAME} and
 * {@code MLFLOW_TRACKING_PASSWORD} (Basic, which wins as in the Python client) or {@code MLFLOW_TRACKING_TOKEN}
 * (Bearer), sent with every request. Never printed or journaled: {@link #toString()} names the scheme only, and
 * {@code genlab sync} reads them from its own environment.
 */
public final class MlflowCredentials {
    public static final MlflowCredentials NONE = new MlflowCredentials(null, null, null);

    private final String username;
    private final String password;
    private final String token;

    private MlflowCredentials(String username, String password, String token) {
        this.username = username;
        this.password = password;
        this.token = token;
    }

    public static MlflowCredentials fromEnvironment(Map<String, String> env) {
        return new MlflowCredentials(nonBlank(env.get("MLFLOW_TRACKING_USERNAME")),
                nonBlank(env.get("MLFLOW_TRACKING_PASSWORD")), nonBlank(env.get("MLFLOW_TRACKING_TOKEN")));
    }

    /**
     * Basic credentials from the {@code user:password@} of a tracking URI, as the Python client's HTTP library
     * takes them, or none. Only for sending from this program: the URI is stored without them.
     */
    public static MlflowCredentials fromUserInfo(URI uri) {
        return TrackingUri.userAndPassword(uri).map(pair -> basic(pair[0], pair[1])).orElse(NONE);
    }

    /** These credentials, or {@code other} where none are set. */
    public MlflowCredentials or(MlflowCredentials other) {
        return authorization().isPresent() ? this : other;
    }

    static MlflowCredentials basic(String username, String password) {
        return new MlflowCredentials(username, password, null);
    }

    static MlflowCredentials bearer(String token) {
        return new MlflowCredentials(null, null, token);
    }

    /** The value of the {@code Authorization} header, if any credentials are set. */
    Optional<String> authorization() {
        if (username != null && password != null) {
            String pair = username + ":" + password;
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return Optional.ofNullable(token).map(value -> "Bearer " + value);
    }

    @Override
    public String toString() {
        if (username != null && password != null) {
            return "MlflowCredentials[basic]";
        }
        return token != null ? "MlflowCredentials[bearer]" : "MlflowCredentials[none]";
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
