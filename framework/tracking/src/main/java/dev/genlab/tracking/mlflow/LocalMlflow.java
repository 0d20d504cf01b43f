package dev.genlab.tracking.mlflow;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.GenLabException;
import dev.genlab.mlflow.server.MlflowServer;
import dev.genlab.mlflow.server.MlflowServerException;
import dev.genlab.tracking.RunRequest;
import dev.genlab.tracking.TrackedRun;
import dev.genlab.tracking.Tracker;
import dev.genlab.tracking.TrackingUri;
import dev.genlab.tracking.journal.Destination;
import dev.genlab.tracking.rest.MlflowApi;
import dev.genlab.tracking.rest.MlflowCredentials;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Decides where runs go: the spec's {@code tracking.uri} if set, else {@code MLFLOW_TRACKING_URI}, else a
 * local MLflow server started for the duration of the program, storing into {@code mlflow.db} and
 * {@code mlartifacts/} of the working directory so that {@code genlab ui} shows the runs afterwards. Where
 * MLflow is not installed runs are journaled only, for {@code genlab sync} once it is.
 */
public final class LocalMlflow {
    public static final String TRACKING_URI_ENV = "MLFLOW_TRACKING_URI";
    static final String INSTALL_HINT = "install it with `pip install mlflow`";

    private LocalMlflow() {
    }

    /**
     * Returns the tracker to use. Starting a local server takes several seconds; the returned tracker stops it
     * on {@link Tracker#close()}.
     *
     * @param specUri {@code tracking.uri} from the spec, if set
     * @param workDir where runs are journaled and a local server keeps its store (the user's working directory)
     * @param messages where the tracker reports what a person should know while runs go on
     */
    public static Tracker open(Optional<URI> specUri, Path workDir, Consumer<String> messages) {
        return open(specUri, workDir, System.getenv(), DeliverySettings.DEFAULTS, messages);
    }

    static Tracker open(Optional<URI> specUri, Path workDir, Map<String, String> env, DeliverySettings settings,
            Consumer<String> messages) {
        requireNonNull(specUri, "specUri is null");
        requireNonNull(workDir, "workDir is null");
        Optional<URI> explicit = specUri.or(() -> environmentUri(env));
        MlflowCredentials credentials = MlflowCredentials.fromEnvironment(env);
        if (explicit.isPresent()) {
            return new MlflowTracker(explicit.get(), credentials.or(MlflowCredentials.fromUserInfo(explicit.get())),
                    workDir, settings, messages);
        }
        Destination store = Destination.localStore(workDir);
        Optional<Path> executable = findExecutable(env);
        if (executable.isEmpty()) {
            return new MlflowTracker(store, Optional.empty(), "MLflow is not installed (no `mlflow` command was"
                    + " found), so no MLflow server receives this run: " + INSTALL_HINT + ", or set tracking.uri in"
                    + " the spec or " + TRACKING_URI_ENV + " to a running server", workDir, settings, messages);
        }
        MlflowServer server;
        try {
            messages.accept("Starting a local MLflow server in " + workDir + " ...");
            server = startServer(executable.get(), workDir);
        } catch (GenLabException e) {
            return new MlflowTracker(store, Optional.empty(), e.getMessage(), workDir, settings, messages);
        }
        MlflowTracker tracker = new MlflowTracker(store, Optional.of(() -> new MlflowApi(server.uri(), credentials,
                settings.connectTimeout(), settings.requestTimeout())), "", workDir, settings, messages);
        return new LocalServerTracker(server, tracker, messages);
    }

    /** {@value #TRACKING_URI_ENV}, when set; fails if it is not an address GenLab can send to. */
    static Optional<URI> environmentUri(Map<String, String> env) {
        String value = env.get(TRACKING_URI_ENV);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(TrackingUri.parse(value));
        } catch (IllegalArgumentException e) {
            throw new GenLabException(GenLabException.Category.TRACKING, TRACKING_URI_ENV + "="
                    + TrackingUri.redact(value.strip()) + " is not the http(s) address of an MLflow tracking server,"
                    + " the only kind GenLab can send runs to (" + e.getMessage() + "): set it to one such as"
                    + " http://127.0.0.1:5000, or unset it to let GenLab start a local server");
        }
    }

    static Optional<Path> findExecutable(Map<String, String> env) {
        try {
            return MlflowServer.findExecutable(env);
        } catch (MlflowServerException e) {
            throw new GenLabException(GenLabException.Category.TRACKING, e.getMessage(), e);
        }
    }

    static MlflowServer startServer(Path executable, Path workDir) {
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
        private final MlflowServer.Hold hold;
        private final Consumer<String> messages;

        LocalServerTracker(MlflowServer server, MlflowTracker tracker, Consumer<String> messages) {
            this.server = requireNonNull(server, "server is null");
            this.tracker = requireNonNull(tracker, "tracker is null");
            this.messages = requireNonNull(messages, "messages is null");
            // Ctrl-C or SIGTERM: the server stays up until the runs have ended KILLED and sent what they logged
            this.hold = server.holdAtExit();
        }

        @Override
        public TrackedRun start(RunRequest request) {
            return tracker.start(request);
        }

        @Override
        public TrackedRun resume(String runId) {
            return tracker.resume(runId);
        }

        @Override
        public String describe() {
            return "a local MLflow server at " + server.uri() + ", stopped when the run ends; the runs stay in "
                    + server.workDir() + " (mlflow.db, mlartifacts/): browse them with `genlab ui` in that directory";
        }

        @Override
        public void close() {
            try {
                tracker.close();
            } finally {
                try {
                    server.close();
                    // the run's address above was this server's, which is gone now: say how to see the run again
                    messages.accept("The local MLflow server has stopped; the runs stay in " + server.workDir()
                            + ": browse them with `genlab ui " + server.workDir() + "`");
                } finally {
                    hold.close();
                }
            }
        }

        @Override
        public String toString() {
            return describe();
        }
    }
}
