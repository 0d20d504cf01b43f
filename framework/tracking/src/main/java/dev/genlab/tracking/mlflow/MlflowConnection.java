package dev.genlab.tracking.mlflow;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.GenLabException;
import dev.genlab.mlflow.server.MlflowServer;
import dev.genlab.tracking.journal.Destination;
import dev.genlab.tracking.rest.MlflowApi;
import dev.genlab.tracking.rest.MlflowModels;
import dev.genlab.tracking.rest.MlflowCredentials;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A connection to the MLflow server that holds a directory's runs, for commands that read runs rather than make
 * them ({@code genlab compare}, {@code genlab sample runs:/...}, {@code genlab register}), found as {@code genlab run}
 * finds it: the server named, else {@code MLFLOW_TRACKING_URI}, else a local server started on the directory's store
 * ({@code mlflow.db}, {@code mlartifacts/}) for as long as the connection is open.
 */
public final class MlflowConnection implements AutoCloseable {
    private final MlflowApi api;
    private final URI uri;
    private final Optional<MlflowServer> server;
    private final String cacheName;

    private MlflowConnection(MlflowApi api, URI uri, Optional<MlflowServer> server, String cacheName) {
        this.api = requireNonNull(api, "api is null");
        this.uri = requireNonNull(uri, "uri is null");
        this.server = requireNonNull(server, "server is null");
        this.cacheName = requireNonNull(cacheName, "cacheName is null").replaceAll("[^A-Za-z0-9._-]", "_");
    }

    public static MlflowConnection open(Optional<URI> named, Path workDir, Consumer<String> messages) {
        return open(named, workDir, System.getenv(), messages);
    }

    /**
     * @param named the server given on the command line, if any
     * @param messages where starting a local server is announced
     */
    public static MlflowConnection open(Optional<URI> named, Path workDir, Map<String, String> env,
            Consumer<String> messages) {
        Optional<URI> explicit = named.or(() -> LocalMlflow.environmentUri(env)).map(MlflowTracker::requireHttp);
        MlflowCredentials credentials = MlflowCredentials.fromEnvironment(env);
        DeliverySettings settings = DeliverySettings.DEFAULTS;
        if (explicit.isPresent()) {
            URI uri = explicit.get();
            return new MlflowConnection(new MlflowApi(Destination.withoutCredentials(uri), credentials.or(MlflowCredentials.fromUserInfo(uri)),
                    settings.connectTimeout(), settings.requestTimeout()), uri, Optional.empty(),
                    uri.getHost() + "_" + uri.getPort());
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
        MlflowServer started = LocalMlflow.startServer(executable, store);
        return new MlflowConnection(new MlflowApi(started.uri(), credentials, settings.connectTimeout(),
                settings.requestTimeout()), started.uri(), Optional.of(started), "local" + store);
    }

    public MlflowApi api() {
        return api;
    }

    /** The server's address, without credentials. */
    public URI uri() {
        return Destination.withoutCredentials(uri);
    }

    public MlflowModels models() {
        return new MlflowModels(api);
    }

    /**
     * The name of this server's directory in a cache of downloads: its host and port, or for a local store (served on
     * a new port each time) its path.
     */
    public String cacheName() {
        return cacheName;
    }

    /** Whether this connection started the server, which stops with it. */
    public boolean local() {
        return server.isPresent();
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
