package dev.genlab.tracking.mlflow;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.GenLabException;
import dev.genlab.mlflow.server.MlflowServer;
import dev.genlab.tracking.journal.Destination;
import dev.genlab.tracking.rest.MlflowApi;
import dev.genlab.tracking.rest.MlflowCredentials;
import dev.genlab.tracking.rest.MlflowModels;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The tracking server a command that reads runs talks to ({@code genlab sample runs:/...}, {@code genlab register}),
 * found as {@code genlab run} finds it: the URI given, else {@code MLFLOW_TRACKING_URI}, else the local store of the
 * working directory ({@code mlflow.db}, {@code mlartifacts/}), served for the command by a local server.
 */
public final class ServerConnection implements AutoCloseable {
    private final MlflowApi api;
    private final Optional<MlflowServer> server;
    private final String cacheName;

    private ServerConnection(MlflowApi api, Optional<MlflowServer> server, String cacheName) {
        this.api = requireNonNull(api, "api is null");
        this.server = requireNonNull(server, "server is null");
        this.cacheName = requireNonNull(cacheName, "cacheName is null").replaceAll("[^A-Za-z0-9._-]", "_");
    }

    public static ServerConnection open(Optional<URI> uri, Path workDir, Consumer<String> messages) {
        return open(uri, workDir, System.getenv(), messages);
    }

    static ServerConnection open(Optional<URI> uri, Path workDir, Map<String, String> env, Consumer<String> messages) {
        DeliverySettings settings = DeliverySettings.DEFAULTS;
        MlflowCredentials credentials = MlflowCredentials.fromEnvironment(env);
        Optional<URI> explicit = uri.or(() -> LocalMlflow.environmentUri(env)).map(MlflowTracker::requireHttp);
        if (explicit.isPresent()) {
            return new ServerConnection(new MlflowApi(Destination.withoutCredentials(explicit.get()),
                    credentials.or(MlflowCredentials.fromUserInfo(explicit.get())), settings.connectTimeout(),
                    settings.requestTimeout()), Optional.empty(), explicit.get().getHost() + "_" + explicit.get().getPort());
        }
        Path store = workDir.toAbsolutePath().normalize();
        if (!Files.isRegularFile(store.resolve("mlflow.db"))) {
            throw new GenLabException(GenLabException.Category.CONFIG, "No MLflow store in " + store + " (it has no"
                    + " mlflow.db): run this where the runs were made, or name their server with --tracking-uri"
                    + " http://host:port or " + LocalMlflow.TRACKING_URI_ENV);
        }
        Path executable = LocalMlflow.findExecutable(env).orElseThrow(() -> new GenLabException(
                GenLabException.Category.TRACKING, "Reading the local MLflow store in " + store + " needs MLflow: "
                + LocalMlflow.INSTALL_HINT + ", or name a running server with --tracking-uri"));
        messages.accept("Starting a local MLflow server in " + store + " ...");
        MlflowServer local = LocalMlflow.startServer(executable, store);
        return new ServerConnection(new MlflowApi(local.uri(), credentials, settings.connectTimeout(),
                settings.requestTimeout()), Optional.of(local), "local" + store);
    }

    /**
     * The name of this server's directory in a cache of downloads: its host and port, or for a local store (served on
     * a new port each time) its path.
     */
    public String cacheName() {
        return cacheName;
    }

    public MlflowModels models() {
        return new MlflowModels(api);
    }

    @Override
    public void close() {
        try {
            api.close();
        } finally {
            server.ifPresent(MlflowServer::close);
        }
    }
}
