package dev.genlab.core.tracking;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.GenLabException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Uploads artifacts through the tracking server's artifact proxy ({@code mlflow server --serve-artifacts}, the
 * default), with a plain HTTP PUT as the Python client does. The Java client's own upload shells out to Python.
 * An upload is idempotent, so server errors and broken connections are retried a few times.
 */
final class ArtifactUploader {
    static final String PROXY_PATH = "/api/2.0/mlflow-artifacts/artifacts";
    private static final String PROXY_SCHEME = "mlflow-artifacts";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** MLflow's own default ({@code MLFLOW_HTTP_REQUEST_TIMEOUT}). */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);
    private static final long[] BACKOFF_MILLIS = {250, 1000};
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "png", "image/png", "webp", "image/webp", "jpg", "image/jpeg", "txt", "text/plain",
            "csv", "text/csv", "json", "application/json", "yaml", "text/yaml", "yml", "text/yaml",
            "html", "text/html");

    private final URI trackingUri;
    private final MlflowCredentials credentials;
    private final HttpClient http;

    ArtifactUploader(URI trackingUri, MlflowCredentials credentials) {
        this.trackingUri = requireNonNull(trackingUri, "trackingUri is null");
        this.credentials = requireNonNull(credentials, "credentials is null");
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    /** Stores {@code content} at {@code path} under the run whose artifact root is {@code artifactUri}. */
    void upload(String artifactUri, String path, byte[] content) {
        URI target = target(artifactUri, ArtifactPaths.requireSafe(path));
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", contentType(path))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content));
        credentials.authorization().ifPresent(value -> request.header("Authorization", value));
        String action = "upload artifact " + path;
        for (int attempt = 0; ; attempt++) {
            boolean last = attempt == BACKOFF_MILLIS.length;
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return;
                }
                if (last || !(status >= 500 || status == 429)) {
                    throw TrackingFailures.httpError(trackingUri, action, status, response.body(), null);
                }
            } catch (IOException e) {
                if (last) {
                    throw TrackingFailures.noAnswer(trackingUri, action, e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw TrackingFailures.noAnswer(trackingUri, action, e);
            }
            pause(BACKOFF_MILLIS[attempt], action);
        }
    }

    /**
     * The URL for {@code path} of a run: {@code mlflow-artifacts:/<exp>/<run>/artifacts} resolves against the
     * tracking URI (keeping a path prefix such as {@code /mlflow}), as Python's {@code MlflowArtifactsRepository}
     * resolves it; an http(s) artifact root is used as it is.
     */
    URI target(String artifactUri, String path) {
        URI root = URI.create(artifactUri);
        String encoded = ArtifactPaths.encode(path);
        String scheme = root.getScheme() == null ? "" : root.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http") || scheme.equals("https")) {
            return URI.create(stripSlashes(artifactUri) + "/" + encoded);
        }
        if (!scheme.equals(PROXY_SCHEME)) {
            throw new GenLabException(GenLabException.Category.TRACKING,
                    "The MLflow tracking server at " + trackingUri + " stores this run's artifacts at " + artifactUri
                            + ", which GenLab cannot write to: start the server with --serve-artifacts (the default)"
                            + " so that artifacts go through it");
        }
        String authority = root.getRawAuthority() != null ? root.getRawAuthority() : trackingUri.getRawAuthority();
        String prefix = trackingUri.getRawPath() == null ? "" : stripSlashes(trackingUri.getRawPath());
        String runRoot = stripSlashes(root.getRawPath() != null ? root.getRawPath() : root.getRawSchemeSpecificPart());
        String runPath = runRoot.startsWith("/") ? runRoot : "/" + runRoot;
        return URI.create(trackingUri.getScheme() + "://" + authority + prefix + PROXY_PATH + runPath + "/" + encoded);
    }

    private static String stripSlashes(String text) {
        String stripped = text;
        while (stripped.endsWith("/")) {
            stripped = stripped.substring(0, stripped.length() - 1);
        }
        return stripped;
    }

    private static String contentType(String path) {
        int dot = path.lastIndexOf('.');
        String extension = dot < 0 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
        return CONTENT_TYPES.getOrDefault(extension, "application/octet-stream");
    }

    private void pause(long millis, String action) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TrackingFailures.noAnswer(trackingUri, action, e);
        }
    }
}
