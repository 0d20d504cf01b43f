package dev.genlab.tracking.mlflow;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.GenLabException;
import dev.genlab.tracking.RunRequest;
import dev.genlab.tracking.RunStatus;
import dev.genlab.tracking.TrackedRun;
import dev.genlab.tracking.Tracker;
import dev.genlab.tracking.TrackingUri;
import dev.genlab.tracking.journal.Destination;
import dev.genlab.tracking.journal.Journal;
import dev.genlab.tracking.journal.JournalEvent;
import dev.genlab.tracking.journal.JournalReader;
import dev.genlab.tracking.journal.ResumeMarks;
import dev.genlab.tracking.journal.RunDirectory;
import dev.genlab.tracking.rest.MlflowApi;
import dev.genlab.tracking.rest.MlflowCredentials;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Tracks runs in MLflow without ever making the training wait for it: every run is journaled in
 * {@code .genlab/runs/<local id>/} of the working directory first, and a background sender delivers the
 * journal to the server, retrying while the server is slow or away. Without a server to send to (MLflow is not
 * installed) runs are journaled only, for {@code genlab sync} to send later. Credentials come from the
 * environment as for every MLflow client ({@code MLFLOW_TRACKING_TOKEN}, or {@code MLFLOW_TRACKING_USERNAME}
 * and {@code MLFLOW_TRACKING_PASSWORD}) and are never journaled.
 */
public final class MlflowTracker implements Tracker {
    public static final String RUN_NAME_TAG = "mlflow.runName";
    static final String USER_TAG = "mlflow.user";
    /** Lets the sender find a run it created when the server's answer was lost, instead of creating another. */
    static final String LOCAL_ID_TAG = "genlab.local_id";
    /** How long the end of a run waits for the server, at most. */
    static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(60);
    private static final DateTimeFormatter LOCAL_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private final Destination destination;
    private final Optional<Supplier<MlflowApi>> connect;
    private final String offlineReason;
    private final Path workDir;
    private final DeliverySettings settings;
    private final Consumer<String> messages;
    private final List<TrackedRun> open = new CopyOnWriteArrayList<>();

    /**
     * @param connect opens a connection to the server for one run's sender; empty when there is no server to
     *     send to from this program
     * @param offlineReason why there is no server (shown with the run), when {@code connect} is empty
     * @param workDir the working directory, which holds {@code .genlab/runs}
     * @param messages where the senders report what a person should know (server away, back, refusals)
     */
    MlflowTracker(Destination destination, Optional<Supplier<MlflowApi>> connect, String offlineReason, Path workDir,
            DeliverySettings settings, Consumer<String> messages) {
        this.destination = requireNonNull(destination, "destination is null");
        this.connect = requireNonNull(connect, "connect is null");
        this.offlineReason = requireNonNull(offlineReason, "offlineReason is null");
        this.workDir = requireNonNull(workDir, "workDir is null").toAbsolutePath().normalize();
        this.settings = requireNonNull(settings, "settings is null");
        this.messages = requireNonNull(messages, "messages is null");
    }

    /** Sends to the server at {@code trackingUri}. */
    MlflowTracker(URI trackingUri, MlflowCredentials credentials, Path workDir, DeliverySettings settings,
            Consumer<String> messages) {
        this(Destination.remote(requireHttp(trackingUri)), Optional.of(() -> new MlflowApi(
                Destination.withoutCredentials(trackingUri), credentials, settings.connectTimeout(),
                settings.requestTimeout())), "", workDir, settings, messages);
        requireNonNull(credentials, "credentials is null");
    }

    /** Checks that {@code uri} can be a tracking server for GenLab, which speaks only http(s). */
    static URI requireHttp(URI uri) {
        requireNonNull(uri, "trackingUri is null");
        TrackingUri.problem(uri).ifPresent(problem -> {
            throw new GenLabException(GenLabException.Category.TRACKING, "Tracking URI '"
                    + TrackingUri.redact(uri.toString()) + "' is not the http(s) address of an MLflow tracking server ("
                    + problem + "): use one such as http://127.0.0.1:5000 (start it with `mlflow server --host"
                    + " 127.0.0.1 --port 5000`), or leave tracking.uri unset to let GenLab start one");
        });
        return uri;
    }

    /** Journals the start of the run and, when there is a server, waits briefly for it to create the run there. */
    @Override
    public TrackedRun start(RunRequest request) {
        requireNonNull(request, "request is null");
        String user = System.getProperty("user.name", "unknown");
        RunDirectory directory = RunDirectory.create(workDir.resolve(RunDirectory.RUNS), newLocalId());
        String display = directory.display(workDir);
        RunDirectory.Lock lock = directory.tryLock().orElseThrow(() -> new IllegalStateException(
                "The new run directory " + directory + " is locked by someone else"));
        Journal journal = Journal.create(directory);
        try {
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put(USER_TAG, user);
            request.tags().forEach((key, value) -> tags.put(key, JournaledRun.fitTag(value)));
            tags.put(RUN_NAME_TAG, request.runName());
            tags.put(LOCAL_ID_TAG, directory.localId());
            journal.append(new JournalEvent.Started(directory.localId(), request.experimentName(), request.runName(),
                    tags, System.currentTimeMillis(), user, destination.key()));
            journal.sync();
            Journal.forceDirectory(directory.path().getParent());
            Optional<BackgroundSender> sender = connect.map(api -> sender(journal, api.get(), display));
            JournaledRun run = new JournaledRun(journal, lock, sender, offlineReason, display, tags, settings,
                    System::currentTimeMillis, ResumeMarks.NONE);
            open.add(run);
            sender.ifPresentOrElse(started -> announce(started, directory, display), () -> messages.accept(
                    offlineReason + "\nThe run is kept in " + display + " (local id " + directory.localId() + "): send"
                            + " it to MLflow later with `genlab sync " + display + "`"));
            return run;
        } catch (RuntimeException | Error e) {
            journal.close();
            lock.close();
            throw e;
        }
    }

    /**
     * Reopens the run journaled in this working directory under {@code runId} (its MLflow id or local id): the
     * journal says it is RUNNING again (and drops the tags that said why it stopped), the sender goes on from
     * what the server has acknowledged, and what the run logs again at steps it already has is dropped.
     */
    @Override
    public TrackedRun resume(String runId) {
        Path path = findRun(workDir, runId).orElseThrow(() -> noSuchRun(workDir, runId));
        RunDirectory directory = RunDirectory.at(path).orElseThrow(() -> noSuchRun(workDir, runId));
        String display = directory.display(workDir);
        RunDirectory.Lock lock = directory.tryLock().orElseThrow(() -> new GenLabException(
                GenLabException.Category.TRACKING, "Run " + runId + " (" + display + ") is in use by another genlab"
                + " program, still running or being synced: resume it once that program has ended"));
        Journal journal = null;
        try {
            List<JournalReader.Entry> entries = JournalReader.readAll(directory.journal());
            if (entries.isEmpty() || !(entries.get(0).event() instanceof JournalEvent.Started started)) {
                throw new GenLabException(GenLabException.Category.TRACKING, "The journal of run " + runId + " ("
                        + display + ") does not begin with the start of a run: it cannot be resumed");
            }
            if (JournalReader.endedAs(entries).filter(status -> status == RunStatus.FINISHED).isPresent()) {
                throw new GenLabException(GenLabException.Category.CONFIG, "Run " + runId + " (" + display + ") has"
                        + " finished: there is nothing to resume (start a new run with `genlab run SPEC`)");
            }
            ResumeMarks marks = ResumeMarks.of(entries);
            journal = Journal.reopen(directory);
            journal.append(new JournalEvent.Resumed(System.currentTimeMillis(), List.of(JournaledRun.FAILURE_TAG)));
            Map<String, String> tags = new LinkedHashMap<>(started.tags());
            String note = tags.get(JournaledRun.NOTE_TAG);
            if (note != null) {
                // the note said why the run stopped: it is the spec's description again
                journal.append(new JournalEvent.Tags(Map.of(JournaledRun.NOTE_TAG, note)));
            }
            journal.sync();
            Journal opened = journal;
            Optional<BackgroundSender> sender = connect.map(api -> sender(opened, api.get(), display));
            JournaledRun run = new JournaledRun(journal, lock, sender, offlineReason, display, tags, settings,
                    System::currentTimeMillis, marks);
            open.add(run);
            sender.ifPresent(resumedSender -> announce(resumedSender, directory, display));
            return run;
        } catch (RuntimeException | Error e) {
            if (journal != null) {
                journal.close();
            }
            lock.close();
            throw e;
        }
    }

    /** The directory of the run journaled under {@code workDir} as {@code runId}: its MLflow id or local id. */
    public static Optional<Path> findRun(Path workDir, String runId) {
        requireNonNull(runId, "runId is null");
        for (RunDirectory run : RunDirectory.under(workDir.resolve(RunDirectory.RUNS))) {
            if (run.localId().equals(runId)) {
                return Optional.of(run.path());
            }
        }
        for (RunDirectory run : RunDirectory.under(workDir.resolve(RunDirectory.RUNS))) {
            boolean created = JournalReader.readAll(run.journal()).stream().anyMatch(entry ->
                    entry.event() instanceof JournalEvent.Created c && c.runId().equals(runId));
            if (created) {
                return Optional.of(run.path());
            }
        }
        return Optional.empty();
    }

    private static GenLabException noSuchRun(Path workDir, String runId) {
        return new GenLabException(GenLabException.Category.TRACKING, "No run " + runId + " is journaled in "
                + workDir.toAbsolutePath().normalize().resolve(RunDirectory.RUNS) + ": resume a run from the directory"
                + " it was started in, by its MLflow run id or its local id (the names under .genlab/runs)");
    }

    @Override
    public String describe() {
        return connect.isPresent() ? destination.describe()
                : "the local journal only (" + RunDirectory.RUNS + "; " + firstLine(offlineReason) + ")";
    }

    /** Ends and closes the runs nobody closed, so that none stays RUNNING and every journal is on disk. */
    @Override
    public void close() {
        for (TrackedRun run : open) {
            run.close();
        }
        open.clear();
    }

    @Override
    public String toString() {
        return describe();
    }

    private BackgroundSender sender(Journal journal, MlflowApi api, String display) {
        Replay replay = new Replay(journal, api, destination, messages);
        BackgroundSender sender = new BackgroundSender(replay, api, settings, messages, destination.describe(), display);
        sender.start();
        return sender;
    }

    private void announce(BackgroundSender sender, RunDirectory directory, String display) {
        sender.awaitFirstAnswer(settings.startWait());
        if (sender.replay().created().isEmpty()) {
            messages.accept("Until " + destination.describe() + " creates the run, it is known by its local id "
                    + directory.localId() + " and its journal " + display);
        }
    }

    private static String newLocalId() {
        return LocalDateTime.now().format(LOCAL_ID_TIME) + "-"
                + String.format(Locale.ROOT, "%08x", ThreadLocalRandom.current().nextInt());
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
