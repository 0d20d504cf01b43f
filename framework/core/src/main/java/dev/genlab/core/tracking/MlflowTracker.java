package dev.genlab.core.tracking;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.GenLabException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Tracks runs in an MLflow tracking server at an http(s) URI. Credentials come from the environment as for
 * every MLflow client ({@code MLFLOW_TRACKING_TOKEN}, or {@code MLFLOW_TRACKING_USERNAME} and
 * {@code MLFLOW_TRACKING_PASSWORD}).
 */
public final class MlflowTracker implements Tracker {
    static final String RUN_NAME_TAG = "mlflow.runName";
    static final String USER_TAG = "mlflow.user";

    private final MlflowApi api;

    public MlflowTracker(URI trackingUri) {
        this(trackingUri, MlflowCredentials.fromEnvironment(System.getenv()));
    }

    MlflowTracker(URI trackingUri, MlflowCredentials credentials) {
        this.api = new MlflowApi(requireHttp(requireNonNull(trackingUri, "trackingUri is null")),
                requireNonNull(credentials, "credentials is null"));
    }

    /** Checks that {@code uri} can be a tracking server for the Java client, which speaks only http(s). */
    static URI requireHttp(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new GenLabException(GenLabException.Category.TRACKING, "Tracking URI '" + uri + "' is not the http(s)"
                    + " address of an MLflow tracking server: use one such as http://127.0.0.1:5000 (start it with"
                    + " `mlflow server --host 127.0.0.1 --port 5000`), or leave tracking.uri unset to let GenLab start"
                    + " one");
        }
        return uri;
    }

    @Override
    public TrackedRun start(RunRequest request) {
        requireNonNull(request, "request is null");
        String experimentId = api.experimentId(request.experimentName());
        String user = System.getProperty("user.name", "unknown");
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(USER_TAG, user);
        request.tags().forEach((key, value) -> tags.put(key, MlflowRun.fitTag(value)));
        tags.put(RUN_NAME_TAG, request.runName());
        MlflowApi.CreatedRun run = api.createRun(experimentId, request.runName(), tags, System.currentTimeMillis(), user);
        return new MlflowRun(api, run, System::currentTimeMillis);
    }

    @Override
    public String describe() {
        return "MLflow at " + api.trackingUri();
    }

    public URI trackingUri() {
        return api.trackingUri();
    }

    @Override
    public void close() {
        api.close();
    }

    @Override
    public String toString() {
        return describe();
    }
}
