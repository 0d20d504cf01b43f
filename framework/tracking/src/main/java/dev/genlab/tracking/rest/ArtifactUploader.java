package dev.genlab.tracking.rest;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.GenLabException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Builds artifact uploads (and the downloads and listings that read them back) through the tracking server's artifact proxy ({@code mlflow server --serve-artifacts},
 * the default): a plain HTTP PUT as the Python client does (the Java client's own upload shells out to Python).
 * {@link MlflowApi} sends them; an upload is idempotent, so the sender may always retry one.
 */
final class ArtifactUploader {
    static final String PROXY_PATH = "/api/2.0/mlflow-artifacts/artifacts";
    private static final String PROXY_SCHEME = "mlflow-artifacts";
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "png", "image/png", "webp", "image/webp", "jpg", "image/jpeg", "txt", "text/plain",
            "csv", "text/csv", "json", "application/json", "yaml", "text/yaml", "yml", "text/yaml",
            "html", "text/html");

    private final URI trackingUri;
    private final MlflowCredentials credentials;
    private final Duration requestTimeout;

    ArtifactUploader(URI trackingUri, MlflowCredentials credentials, Duration requestTimeout) {
        this.trackingUri = requireNonNull(trackingUri, "trackingUri is null");
        this.credentials = requireNonNull(credentials, "credentials is null");
        this.requestTimeout = requireNonNull(requestTimeout, "requestTimeout is null");
    }

    /** The request that stores {@code content} at {@code path} under the run whose artifact root is {@code artifactUri}. */
    HttpRequest request(String artifactUri, String path, byte[] content) {
        URI target = target(artifactUri, ArtifactPaths.requireSafe(path));
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(requestTimeout)
                .header("Content-Type", contentType(path))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content));
        credentials.authorization().ifPresent(value -> request.header("Authorization", value));
        return request.build();
    }

    /** The request that reads the file at {@code path} under the artifact root {@code artifactUri}. */
    HttpRequest download(String artifactUri, String path) {
        return authorized(HttpRequest.newBuilder(target(artifactUri, ArtifactPaths.requireSafe(path)))
                .timeout(requestTimeout).GET());
    }

    /**
     * The request that lists the directory {@code path} (empty: the root) under the proxied artifact root
     * {@code artifactUri}: the proxy's listing, whose paths are relative to that directory.
     */
    HttpRequest list(String artifactUri, String path) {
        // the file x in the directory, through the proxy: its URL up to the proxy's path, and the path after it
        String file = target(artifactUri, path.isEmpty() ? "x" : ArtifactPaths.requireSafe(path) + "/x").toString();
        int proxy = file.indexOf(PROXY_PATH + "/");
        if (!artifactUri.startsWith(PROXY_SCHEME + ":") || proxy < 0) {
            throw new MlflowCallException(MlflowCallException.Outcome.REJECTED, 0, "", new GenLabException(
                    GenLabException.Category.TRACKING, "The MLflow tracking server at " + trackingUri + " keeps"
                    + " these artifacts at " + artifactUri + ", which GenLab cannot list: start the server with"
                    + " --serve-artifacts (the default) so that artifacts go through it"));
        }
        String directory = file.substring(proxy + PROXY_PATH.length() + 1, file.length() - 2);
        URI listing = URI.create(file.substring(0, proxy + PROXY_PATH.length()) + "?path=" + directory);
        return authorized(HttpRequest.newBuilder(listing).timeout(requestTimeout).GET());
    }

    private HttpRequest authorized(HttpRequest.Builder request) {
        credentials.authorization().ifPresent(value -> request.header("Authorization", value));
        return request.build();
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
            throw new MlflowCallException(MlflowCallException.Outcome.REJECTED, 0, "", new GenLabException(
                    GenLabException.Category.TRACKING, "The MLflow tracking server at " + trackingUri + " stores this"
                    + " run's artifacts at " + artifactUri + ", which GenLab cannot write to: start the server with"
                    + " --serve-artifacts (the default) so that artifacts go through it"));
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
}
