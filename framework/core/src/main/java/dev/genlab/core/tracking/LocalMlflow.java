package dev.genlab.core.tracking;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.GenLabException;
import dev.genlab.mlflow.server.MlflowServer;
import dev.genlab.mlflow.server.MlflowServerException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Decides where runs go: the spec's {@code tracking.uri} if set, else {@code MLFLOW_TRACKING_URI}, else a
 * local MLflow server started for the duration of the program, storing into {@code mlflow.db} and
 * {@code mlartifacts/} of the working directory so that {@code mlflow ui --backend-store-uri sqlite:///mlflow.db}
 * shows the runs afterwards.
 */
public final class LocalMlflow {
    public static final String TRACKING_URI_ENV = "MLFLOW_TRACKING_URI";

    private LocalMlflow() {
    }

    /**
     * Returns the tracker to use. Starting a local server takes several seconds; the returned tracker stops it
     * on {@link Tracker#close()}.
     *
     * @param specUri {@code tracking.uri} from the spec, if set
     * @param workDir where a local server keeps its store (the user's working directory)
     */
    public static Tracker open(Optional<URI> specUri, Path workDir) {
        return open(specUri, workDir, System.getenv());
    }

    static Tracker open(Optional<URI> specUri, Path workDir, Map<String, String> env) {
        requireNonNull(specUri, "specUri is null");
        requireNonNull(workDir, "workDir is null");
        MlflowCredentials credentials = MlflowCredentials.fromEnvironment(env);
        if (specUri.isPresent()) {
            return new MlflowTracker(specUri.get(), credentials);
        }
        String fromEnv = env.get(TRACKING_URI_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new MlflowTracker(environmentUri(fromEnv.strip()), credentials);
        }
        Path executable = findExecutable(env).orElseThrow(() -> new GenLabException(GenLabException.Category.TRACKING,
                "No MLflow tracking server is set and the `mlflow` command was not found: install it with"
                        + " `pip install mlflow` (GenLab then starts a local server that keeps runs in " + workDir
                        + "), or set tracking.uri in the spec or " + TRACKING_URI_ENV + " to a running server"));
        MlflowServer server = startServer(executable, workDir);
        try {
            return new LocalServerTracker(server, new MlflowTracker(server.uri(), credentials));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private static URI environmentUri(String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            if (uri.getHost() != null && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // Reported below, with what to do instead.
        }
        throw new GenLabException(GenLabException.Category.TRACKING, TRACKING_URI_ENV + "=" + value + " is not the"
                + " http(s) address of an MLflow tracking server, the only kind GenLab can send runs to: set it to one"
                + " such as http://127.0.0.1:5000, or unset it to let GenLab start a local server");
    }

    private static Optional<Path> findExecutable(Map<String, String> env) {
        try {
            return MlflowServer.findExecutable(env);
        } catch (MlflowServerException e) {
            throw new GenLabException(GenLabException.Category.TRACKING, e.getMessage(), e);
        }
    }

    private static MlflowServer startServer(Path executable, Path workDir) {
        try {
            return MlflowServer.start(executable, workDir, MlflowServer.DEFAULT_STARTUP_TIMEOUT);
        } catch (MlflowServerException | UncheckedIOException e) {
            throw new GenLabException(GenLabException.Category.TRACKING, "Cannot start a local MLflow server in "
                    + workDir.toAbsolutePath() + ": " + e.getMessage() + "\nSet tracking.uri in the spec or "
                    + TRACKING_URI_ENV + " to use a running server instead", e);
        }
    }

    /** An {@link MlflowTracker} whose server lives as long as the tracker. */
    private static final class LocalServerTracker implements Tracker {
        private final MlflowServer server;
        private final MlflowTracker tracker;

        LocalServerTracker(MlflowServer server, MlflowTracker tracker) {
            this.server = requireNonNull(server, "server is null");
            this.tracker = requireNonNull(tracker, "tracker is null");
        }

        @Override
        public TrackedRun start(RunRequest request) {
            return tracker.start(request);
        }

        @Override
        public String describe() {
            return "a local MLflow server at " + server.uri() + ", stopped when the run ends; the runs stay in "
                    + server.workDir() + " (mlflow.db, mlartifacts/): browse them with"
                    + " `mlflow ui --backend-store-uri sqlite:///mlflow.db` in that directory";
        }

        @Override
        public void close() {
            try {
                tracker.close();
            } finally {
                server.close();
            }
        }

        @Override
        public String toString() {
            return describe();
        }
    }
}
