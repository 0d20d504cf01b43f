package dev.genlab.tracking.mlflow;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.GenLabException;
import dev.genlab.mlflow.server.MlflowServer;
import dev.genlab.tracking.RunStatus;
import dev.genlab.tracking.journal.Destination;
import dev.genlab.tracking.journal.Journal;
import dev.genlab.tracking.journal.JournalEvent;
import dev.genlab.tracking.journal.JournalReader;
import dev.genlab.tracking.journal.RunDirectory;
import dev.genlab.tracking.journal.SentCursor;
import dev.genlab.tracking.rest.MlflowApi;
import dev.genlab.tracking.rest.MlflowCallException;
import dev.genlab.tracking.rest.MlflowCredentials;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code genlab sync}: sends what journaled runs left unsent, in order, to the server {@code genlab run} would
 * have sent them to (the one recorded in the journal; {@code MLFLOW_TRACKING_URI} for a run meant for the local
 * store, as at run time) or to the one given. A run whose program stopped before ending it is ended FAILED,
 * so that it does not stay RUNNING in MLflow forever.
 */
public final class JournalSync {
    private final Path workDir;
    private final Map<String, String> env;
    private final DeliverySettings settings;
    private final Consumer<String> messages;
    private final Map<Path, MlflowServer> localServers = new LinkedHashMap<>();

    public JournalSync(Path workDir, Consumer<String> messages) {
        this(workDir, System.getenv(), DeliverySettings.DEFAULTS, messages);
    }

    JournalSync(Path workDir, Map<String, String> env, DeliverySettings settings, Consumer<String> messages) {
        this.workDir = requireNonNull(workDir, "workDir is null").toAbsolutePath().normalize();
        this.env = Map.copyOf(env);
        this.settings = requireNonNull(settings, "settings is null");
        this.messages = requireNonNull(messages, "messages is null");
    }

    /**
     * Sends the run kept in {@code target}, or every run under it (by default {@code .genlab/runs} of the working
     * directory) that has something left to send.
     *
     * @param uri where to send instead of the recorded destination
     * @return true when every run is now complete in MLflow (refused events aside, which are reported)
     */
    public boolean sync(Optional<Path> target, Optional<URI> uri) {
        Path where = target.map(path -> workDir.resolve(path).normalize()).orElse(workDir.resolve(RunDirectory.RUNS));
        List<RunDirectory> runs = RunDirectory.at(where).map(List::of).orElseGet(() -> RunDirectory.under(where));
        if (runs.isEmpty()) {
            if (target.isPresent()) {
                throw new GenLabException(GenLabException.Category.CONFIG, where + " is not a run's journal directory"
                        + " (it has no " + RunDirectory.JOURNAL + ") and holds none: give one such as "
                        + RunDirectory.RUNS + "/<local id>, or nothing to send every run there");
            }
            messages.accept("No journaled runs in " + where);
            return true;
        }
        Optional<Destination> explicit = uri.map(MlflowTracker::requireHttp).map(Destination::remote);
        boolean complete = true;
        int upToDate = 0;
        try {
            for (RunDirectory run : runs) {
                Outcome outcome = syncOne(run, explicit);
                complete &= outcome != Outcome.LEFT_UNSENT;
                upToDate += outcome == Outcome.NOTHING_TO_SEND ? 1 : 0;
            }
        } finally {
            localServers.values().forEach(MlflowServer::close);
            localServers.clear();
        }
        if (upToDate > 0) {
            messages.accept(String.format(Locale.ROOT, "%,d run%s had nothing left to send", upToDate,
                    upToDate == 1 ? "" : "s"));
        }
        return complete;
    }

    private enum Outcome { SENT, NOTHING_TO_SEND, LEFT_UNSENT }

    private Outcome syncOne(RunDirectory run, Optional<Destination> explicit) {
        String display = run.display(workDir);
        Optional<RunDirectory.Lock> lock = run.tryLock();
        if (lock.isEmpty()) {
            messages.accept("Run " + display + " is being written or sent by another genlab program: sync it once"
                    + " that program has ended");
            return Outcome.LEFT_UNSENT;
        }
        try {
            List<JournalReader.Entry> entries = JournalReader.readAll(run.journal());
            if (entries.isEmpty() || !(entries.get(0).event() instanceof JournalEvent.Started started)) {
                messages.accept("Run " + display + " cannot be sent: its journal does not begin with the start of a run");
                return Outcome.LEFT_UNSENT;
            }
            Destination destination = explicit.orElseGet(() -> destinationOf(started));
            boolean unfinished = JournalReader.endedAs(entries).isEmpty();
            long backlog = backlog(entries, SentCursor.load(run, destination.key()).offset());
            if (backlog == 0 && !unfinished) {
                return Outcome.NOTHING_TO_SEND;
            }
            String name = "Run '" + started.runName() + "' (" + display + ")";
            MlflowApi api;
            try {
                api = connect(destination);
            } catch (GenLabException e) {
                messages.accept(name + " was not sent: " + e.getMessage());
                return Outcome.LEFT_UNSENT;
            }
            try (Journal journal = Journal.reopen(run); api) {
                if (unfinished) {
                    endAbandoned(journal, entries, name);
                }
                Replay replay = new Replay(journal, api, destination, messages);
                long before = replay.backlog();
                Optional<MlflowCallException> failure = sendWithRetries(replay);
                long sent = before - replay.backlog();
                String url = replay.url().map(link -> ": " + link).orElse("");
                if (failure.isPresent()) {
                    messages.accept(String.format(Locale.ROOT, "%s: sent %,d of %,d events to %s; the rest stays in"
                            + " the journal: %s", name, sent, before, destination.describe(), failure.get().getMessage()));
                    return Outcome.LEFT_UNSENT;
                }
                messages.accept(String.format(Locale.ROOT, "%s: sent %,d events to %s%s", name, sent,
                        destination.describe(), url));
                return Outcome.SENT;
            }
        } finally {
            lock.get().close();
        }
    }

    /** Where {@code genlab run} would have sent the run: see the class comment. */
    private Destination destinationOf(JournalEvent.Started started) {
        Destination recorded = new Destination(started.destination());
        if (recorded.isLocalStore()) {
            return LocalMlflow.environmentUri(env).map(Destination::remote).orElse(recorded);
        }
        return recorded;
    }

    private MlflowApi connect(Destination destination) {
        MlflowCredentials credentials = MlflowCredentials.fromEnvironment(env);
        if (!destination.isLocalStore()) {
            return new MlflowApi(destination.uri(), credentials, settings.connectTimeout(), settings.requestTimeout());
        }
        Path store = destination.localStore();
        MlflowServer server = localServers.get(store);
        if (server == null) {
            Path executable = LocalMlflow.findExecutable(env).orElseThrow(() -> new GenLabException(
                    GenLabException.Category.TRACKING, "it belongs to the local MLflow store in " + store + ", which"
                    + " needs MLflow: " + LocalMlflow.INSTALL_HINT + ", or send it to a running server with"
                    + " --set tracking.uri=http://host:port"));
            messages.accept("Starting a local MLflow server in " + store + " ...");
            server = LocalMlflow.startServer(executable, store);
            localServers.put(store, server);
        }
        return new MlflowApi(server.uri(), credentials, settings.connectTimeout(), settings.requestTimeout());
    }

    /** Retries what may succeed later, until nothing has got through for {@link DeliverySettings#patience()}. */
    private Optional<MlflowCallException> sendWithRetries(Replay replay) {
        Backoff backoff = new Backoff(settings.firstBackoff(), settings.maxBackoff());
        long failingSince = 0;
        long progress = replay.acknowledged();
        while (true) {
            try {
                replay.sendAvailable();
                return Optional.empty();
            } catch (MlflowCallException e) {
                long now = System.nanoTime();
                // Patience runs out only while nothing gets through, not on a server that is merely slow.
                failingSince = failingSince == 0 || replay.acknowledged() != progress ? now : failingSince;
                progress = replay.acknowledged();
                if (!e.transientFailure() || now - failingSince >= settings.patience().toNanos()) {
                    return Optional.of(e);
                }
                sleep(backoff.next());
            }
        }
    }

    /** Journals the end its program never wrote, so that the server does not show the run RUNNING for ever. */
    private void endAbandoned(Journal journal, List<JournalReader.Entry> entries, String name) {
        String reason = "the program stopped before the run ended; these are the events it journaled";
        String note = null;
        for (JournalReader.Entry entry : entries) {
            Map<String, String> tags = entry.event() instanceof JournalEvent.Started started ? started.tags()
                    : entry.event() instanceof JournalEvent.Tags logged ? logged.values() : Map.of();
            note = tags.getOrDefault(JournaledRun.NOTE_TAG, note);
        }
        Map<String, String> failure = new LinkedHashMap<>();
        failure.put(JournaledRun.FAILURE_TAG, reason);
        failure.put(JournaledRun.NOTE_TAG, JournaledRun.fitTag((note == null || note.isBlank() ? "" : note + "\n\n")
                + "**" + RunStatus.FAILED + ":** " + reason));
        journal.append(new JournalEvent.Tags(failure));
        journal.append(new JournalEvent.Ended(RunStatus.FAILED, System.currentTimeMillis()));
        journal.sync();
        messages.accept(name + " never ended (its program stopped): it is sent as FAILED");
    }

    private static long backlog(List<JournalReader.Entry> entries, long offset) {
        return entries.stream().filter(entry -> entry.endOffset() > offset && entry.event().sendable()).count();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GenLabException(GenLabException.Category.TRACKING, "Interrupted while sending runs", e);
        }
    }
}
