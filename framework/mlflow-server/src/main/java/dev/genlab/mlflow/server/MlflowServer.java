package dev.genlab.mlflow.server;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A local MLflow tracking server run as a child process: a SQLite store ({@code mlflow.db}) and proxied
 * artifacts ({@code mlartifacts/}) in one directory, on a free loopback port. Closing it stops the server
 * and every process it started. Servers of several programs may share a store: they start one at a time
 * ({@link StoreLock}).
 */
public final class MlflowServer implements AutoCloseable {
    /** Names the {@code mlflow} executable to use instead of searching PATH. */
    public static final String EXECUTABLE_ENV = MlflowExecutable.ENV;
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(90);

    private static final String HOST = "127.0.0.1";
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final int PORT_ATTEMPTS = 3;
    private static final int LOG_TAIL_LINES = 40;
    /** {@code setsid}, where there is one: the server leaves the terminal's process group and its Ctrl-C. */
    private static final List<String> OWN_SESSION = Stream.of("/usr/bin/setsid", "/bin/setsid")
            .filter(path -> Files.isExecutable(Path.of(path))).findFirst().map(List::of).orElse(List.of());

    /** How long a JVM shutdown waits for the holders of {@link #holdAtExit()} before it stops the server. */
    private static final Duration HOLD_LIMIT = Duration.ofSeconds(60);

    private final Process process;
    private final URI uri;
    private final Path workDir;
    private final Thread shutdownHook;
    private final ExitHolds holds;
    private final Optional<Process> watchdog;
    private boolean closed;

    private MlflowServer(Process process, URI uri, Path workDir, Thread shutdownHook, ExitHolds holds,
            Optional<Process> watchdog) {
        this.watchdog = requireNonNull(watchdog, "watchdog is null");
        this.process = requireNonNull(process, "process is null");
        this.uri = requireNonNull(uri, "uri is null");
        this.workDir = requireNonNull(workDir, "workDir is null");
        this.shutdownHook = requireNonNull(shutdownHook, "shutdownHook is null");
        this.holds = requireNonNull(holds, "holds is null");
    }

    /** Released by its holder; the server may then be stopped by a JVM shutdown. */
    public interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Keeps the server up through a JVM shutdown (Ctrl-C, SIGTERM) until the returned hold is closed, for at most
     * a minute: a run stopped by the shutdown can then still end KILLED in this server and send what it logged.
     * The server runs in a session of its own where the system allows it ({@code setsid}), so the Ctrl-C of a
     * terminal reaches only the JVM, which stops the server itself.
     */
    public Hold holdAtExit() {
        return holds.take();
    }

    /** Starts a server storing into {@code workDir} and returns once it answers {@code /health}. */
    public static MlflowServer start(Path workDir) {
        return start(workDir, DEFAULT_STARTUP_TIMEOUT);
    }

    public static MlflowServer start(Path workDir, Duration startupTimeout) {
        Path executable = findExecutable().orElseThrow(() -> new MlflowServerException(
                "The `mlflow` command was not found on PATH: install it with `pip install mlflow`, or set "
                        + EXECUTABLE_ENV + " to its location"));
        return start(executable, workDir, startupTimeout);
    }

    /** Starts the server with a given {@code mlflow} executable (see {@link #findExecutable(Map)}). */
    public static MlflowServer start(Path executable, Path workDir, Duration startupTimeout) {
        requireNonNull(executable, "executable is null");
        requireNonNull(startupTimeout, "startupTimeout is null");
        Path directory = createDirectory(workDir);
        // The free port is found by binding and releasing it, so another process may take it before MLflow
        // binds it; only that case is worth another try.
        for (int attempt = 1; ; attempt++) {
            try {
                return launch(executable, directory, freePort(), startupTimeout);
            } catch (PortTakenException e) {
                if (attempt == PORT_ATTEMPTS) {
                    throw new MlflowServerException(e.getMessage());
                }
            }
        }
    }

    /**
     * Starts the server on a given loopback port: for {@code genlab ui}, whose address people bookmark, and for
     * starting a stopped server again where its clients expect it.
     *
     * @throws MlflowServerException if the port is taken or the server does not come up
     */
    public static MlflowServer start(Path executable, Path workDir, int port, Duration startupTimeout) {
        requireNonNull(executable, "executable is null");
        requireNonNull(startupTimeout, "startupTimeout is null");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
        }
        Path directory = createDirectory(workDir);
        try {
            // Checked first: another server already listening there would answer our health check for us.
            requireFree(port);
            return launch(executable, directory, port, startupTimeout);
        } catch (PortTakenException e) {
            throw new MlflowServerException("Port " + port + " on " + HOST + " is already in use: stop what listens"
                    + " there or choose another port");
        }
    }

    /** The {@code mlflow} command: {@value #EXECUTABLE_ENV} if set, else the first one on PATH. */
    public static Optional<Path> findExecutable() {
        return findExecutable(System.getenv());
    }

    /**
     * As {@link #findExecutable()}, with {@code PATH} and {@value #EXECUTABLE_ENV} taken from {@code env}.
     *
     * @throws MlflowServerException if {@value #EXECUTABLE_ENV} is set but names no executable file
     */
    public static Optional<Path> findExecutable(Map<String, String> env) {
        return MlflowExecutable.find(env);
    }

    /** The tracking URI, {@code http://127.0.0.1:<port>}. */
    public URI uri() {
        return uri;
    }

    /** Where {@code mlflow.db}, {@code mlartifacts/} and {@code mlflow-server.log} are. */
    public Path workDir() {
        return workDir;
    }

    public Path log() {
        return logOf(workDir);
    }

    /** The {@code mlflow server} process; its descendants are the actual web server. */
    public ProcessHandle process() {
        return process.toHandle();
    }

    /** Stops the server and its descendants and waits until they have exited. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        watchdog.ifPresent(MlflowServer::stopWatchdog);
        ProcessTree.stop(process.toHandle(), STOP_GRACE);
        removeShutdownHook(shutdownHook);
    }

    @Override
    public String toString() {
        return "MLflow server at " + uri + " storing in " + workDir;
    }

    /**
     * Starts the server holding the store's lock until it answers: MLflow creates or upgrades the database schema
     * as it starts, which two servers must not do at once.
     */
    private static MlflowServer launch(Path executable, Path workDir, int port, Duration startupTimeout) {
        try (StoreLock lock = StoreLock.acquire(workDir, startupTimeout.plus(STOP_GRACE))) {
            return launchLocked(executable, workDir, port, startupTimeout);
        }
    }

    private static MlflowServer launchLocked(Path executable, Path workDir, int port, Duration startupTimeout) {
        URI uri = URI.create("http://" + HOST + ":" + port);
        Path log = logOf(workDir);
        // Several servers may share the store, and its log: each appends, and reads back only what it wrote.
        long logStart = size(log);
        Process process;
        try {
            List<String> command = new ArrayList<>(OWN_SESSION);
            command.addAll(command(executable, workDir, port));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Map<String, String> env = builder.environment();
            // MLflow 3 otherwise starts a job runner with seven huey consumer processes (GenAI evaluation jobs),
            // which doubles the start-up time on two cores and is of no use for experiment tracking.
            env.putIfAbsent("MLFLOW_SERVER_ENABLE_JOB_EXECUTION", "false");
            env.put("PYTHONUNBUFFERED", "1");
            process = builder.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new MlflowServerException("Cannot run " + executable + ": " + e.getMessage(), e);
        }
        // A JVM stopped by Ctrl-C never reaches close(); without this hook the server would outlive it.
        Process started = process;
        ExitHolds holds = new ExitHolds();
        // A JVM killed outright runs no hook: the watchdog stops the server then.
        Optional<Process> watchdog = Watchdog.watch(process.toHandle(), OWN_SESSION);
        Thread shutdownHook = new Thread(() -> {
            holds.awaitReleased(HOLD_LIMIT);
            watchdog.ifPresent(MlflowServer::stopWatchdog);
            ProcessTree.stop(started.toHandle(), STOP_GRACE);
        }, "mlflow-server-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            awaitHealthy(process, uri, log, logStart, startupTimeout);
        } catch (RuntimeException e) {
            watchdog.ifPresent(MlflowServer::stopWatchdog);
            ProcessTree.stop(process.toHandle(), STOP_GRACE);
            removeShutdownHook(shutdownHook);
            throw e;
        }
        return new MlflowServer(process, uri, workDir, shutdownHook, holds, watchdog);
    }

    /** Waits until the server exits, which only happens when it is stopped or fails; returns its exit code. */
    public int awaitExit() throws InterruptedException {
        return process.waitFor();
    }

    private static Path createDirectory(Path workDir) {
        Path directory = requireNonNull(workDir, "workDir is null").toAbsolutePath().normalize();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the MLflow server directory " + directory, e);
        }
        return directory;
    }

    /** Counts the holders that keep the server up through a shutdown. */
    private static final class ExitHolds {
        private int held;

        synchronized Hold take() {
            held++;
            boolean[] released = {false};
            return () -> {
                synchronized (this) {
                    if (!released[0]) {
                        released[0] = true;
                        held--;
                        notifyAll();
                    }
                }
            };
        }

        synchronized void awaitReleased(Duration limit) {
            long deadline = System.nanoTime() + limit.toNanos();
            try {
                for (long left = limit.toNanos(); held > 0 && left > 0; left = deadline - System.nanoTime()) {
                    wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The watchdog and the {@code sleep} it may be in, so that nothing of it outlives the server's stop. */
    private static void stopWatchdog(Process watchdog) {
        ProcessTree.stop(watchdog.toHandle(), STOP_GRACE);
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Called during JVM shutdown: the hook is running or about to, which is harmless.
        }
    }

    static List<String> command(Path executable, Path workDir, int port) {
        return List.of(
                executable.toString(), "server",
                "--backend-store-uri", "sqlite:///" + workDir.resolve("mlflow.db"),
                "--artifacts-destination", workDir.resolve("mlartifacts").toString(),
                "--serve-artifacts",
                "--host", HOST,
                "--port", Integer.toString(port),
                // MLflow defaults to 4; each is a Python process of about 250 MB, and one is plenty for the
                // requests of a training run.
                "--workers", "1");
    }

    private static void awaitHealthy(Process process, URI uri, Path log, long logStart, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(uri.resolve("/health")).timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                String tail = logTail(log, logStart);
                if (tail.toLowerCase(Locale.ROOT).contains("address already in use")) {
                    throw new PortTakenException("MLflow could not bind " + uri + "\n" + tail);
                }
                throw new MlflowServerException("The MLflow server exited with code " + process.exitValue()
                        + " before answering at " + uri + ". End of its log (" + log + "):\n" + tail);
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet: keep polling until the deadline.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MlflowServerException("Interrupted while waiting for the MLflow server at " + uri, e);
            }
            if (System.nanoTime() > deadline) {
                throw new MlflowServerException("The MLflow server did not answer at " + uri + "/health within "
                        + timeout.toSeconds() + " s. End of its log (" + log + "):\n" + logTail(log, logStart));
            }
            sleep(POLL_INTERVAL);
        }
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The last lines written to {@code log} from byte {@code start} on. */
    private static String logTail(Path log, long start) {
        try {
            byte[] all = Files.readAllBytes(log);
            int from = (int) Math.min(start, all.length);
            // Leniently decoded: a Python traceback may hold bytes that are not UTF-8.
            List<String> lines = new String(all, from, all.length - from, StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private static Path logOf(Path workDir) {
        return workDir.resolve("mlflow-server.log");
    }

    private static void requireFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port), 1);
        } catch (IOException e) {
            throw new PortTakenException("Port " + port + " is taken: " + e.getMessage());
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new MlflowServerException("Cannot find a free port on " + HOST + ": " + e.getMessage(), e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlflowServerException("Interrupted while waiting for the MLflow server", e);
        }
    }

    /** MLflow lost the race for the port we picked. */
    private static final class PortTakenException extends RuntimeException {
        PortTakenException(String message) {
            super(message);
        }
    }
}
