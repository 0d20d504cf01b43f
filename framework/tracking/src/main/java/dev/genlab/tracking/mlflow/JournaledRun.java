package dev.genlab.tracking.mlflow;

import static java.util.Objects.requireNonNull;

import dev.genlab.tracking.DatasetInput;
import dev.genlab.tracking.Delivery;
import dev.genlab.tracking.RunStatus;
import dev.genlab.tracking.SavedModel;
import dev.genlab.tracking.TrackedRun;
import dev.genlab.tracking.images.LoggedImage;
import dev.genlab.tracking.journal.Journal;
import dev.genlab.tracking.journal.JournalEvent;
import dev.genlab.tracking.journal.JournalReader;
import dev.genlab.tracking.journal.ResumeMarks;
import dev.genlab.tracking.journal.RunDirectory;
import dev.genlab.tracking.rest.ArtifactPaths;
import dev.genlab.tracking.rest.MlflowApi;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A run whose every call is first written to its journal and then returns: nothing here waits for a server.
 * A {@link BackgroundSender}, when there is a server to send to, delivers the journal. This class also does
 * what MLflow needs done before sending (values cut to MLflow's limits, images as the UI expects them, a
 * failure's reason in the description), so that what is journaled is exactly what will be sent.
 */
public final class JournaledRun implements TrackedRun {
    /** MLflow's {@code MAX_PARAM_VAL_LENGTH}, in characters (code points). */
    static final int MAX_PARAM_LENGTH = 6000;
    /** MLflow's {@code MAX_TAG_VAL_LENGTH}. */
    static final int MAX_TAG_LENGTH = 8000;
    public static final String FAILURE_TAG = "genlab.failure";
    /** The run's description in the MLflow UI (Markdown). */
    static final String NOTE_TAG = "mlflow.note.content";
    static final String PARAMS_DIRECTORY = "params";

    private final Journal journal;
    private final RunDirectory.Lock lock;
    private final Optional<BackgroundSender> sender;
    private final String offlineReason;
    private final String display;
    private final LongSupplier clock;
    private final ScheduledExecutorService flusher;
    private final ResumeMarks resumed;
    private String note;
    private boolean imagesTagged;
    private boolean ended;
    private boolean deliveryAwaited;
    private boolean closed;

    /**
     * @param sender what sends the journal, or empty when nothing can be sent from this program
     * @param offlineReason why nothing is sent, for a run without sender
     * @param display the run directory as a person types it
     */
    JournaledRun(Journal journal, RunDirectory.Lock lock, Optional<BackgroundSender> sender, String offlineReason,
            String display, Map<String, String> startTags, DeliverySettings settings, LongSupplier clock,
            ResumeMarks resumed) {
        this.resumed = requireNonNull(resumed, "resumed is null");
        this.journal = requireNonNull(journal, "journal is null");
        this.lock = requireNonNull(lock, "lock is null");
        this.sender = requireNonNull(sender, "sender is null");
        this.display = requireNonNull(display, "display is null");
        this.offlineReason = requireNonNull(offlineReason, "offlineReason is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.note = startTags.get(NOTE_TAG);
        this.flusher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "genlab-journal-" + journal.directory().localId());
            thread.setDaemon(true);
            return thread;
        });
        long period = settings.syncInterval().toMillis();
        flusher.scheduleWithFixedDelay(journal::sync, period, period, TimeUnit.MILLISECONDS);
    }

    /** The MLflow run id once the server has created the run; until then the run's local id. */
    @Override
    public String runId() {
        return created().map(MlflowApi.CreatedRun::runId).orElse(journal.directory().localId());
    }

    /** Empty until the server has created the run. */
    @Override
    public String experimentId() {
        return created().map(MlflowApi.CreatedRun::experimentId).orElse("");
    }

    /** The run in the MLflow UI once the server has created it; until then its journal directory. */
    @Override
    public String url() {
        return sender.flatMap(s -> s.replay().url()).orElse(journal.directory().path().toString());
    }

    @Override
    public Optional<String> name() {
        return created().map(MlflowApi.CreatedRun::runName).filter(name -> !name.isEmpty());
    }

    @Override
    public Optional<Path> directory() {
        return Optional.of(journal.directory().path());
    }

    @Override
    public synchronized void metric(String key, double value, long step) {
        requireNonNull(key, "metric key is null");
        requireOpen();
        if (resumed.metricLogged(key, step)) {
            return;
        }
        journal.append(new JournalEvent.Metric(key, value, clock.getAsLong(), step));
    }

    @Override
    public synchronized void image(String key, BufferedImage image, long step) {
        requireOpen();
        if (resumed.imageLogged(key, step)) {
            return;
        }
        List<LoggedImage.File> files = LoggedImage.files(key, image, step, clock.getAsLong(), UUID.randomUUID());
        for (LoggedImage.File file : files) {
            keep(file.path(), file.content());
        }
        if (!imagesTagged) {
            journal.append(new JournalEvent.Tags(Map.of(LoggedImage.TAG, LoggedImage.TAG_VALUE)));
            imagesTagged = true;
        }
    }

    @Override
    public synchronized void artifact(String path, byte[] content) {
        ArtifactPaths.requireSafe(path);
        requireNonNull(content, "content is null");
        requireOpen();
        keep(path, content);
    }

    /**
     * The files go as artifacts, as any other; the model's own event after them is where the sender writes the
     * MLflow model (the MLmodel file, the logged model), once the server has said who the run and the model are.
     */
    @Override
    public synchronized void model(SavedModel model) {
        requireNonNull(model, "model is null");
        requireOpen();
        List<JournalEvent.ModelFile> files = new ArrayList<>();
        model.files().forEach((path, content) -> {
            String artifact = ArtifactPaths.requireSafe(model.artifactPath() + "/" + path);
            String file = journal.writeBody(artifact, content);
            journal.append(new JournalEvent.Artifact(artifact, file, content.length));
            files.add(new JournalEvent.ModelFile(path, file, content.length));
        });
        journal.append(new JournalEvent.Model(model.artifactPath(), model.modelType(), model.flavor(), files,
                model.step(), clock.getAsLong(), UUID.randomUUID().toString().replace("-", "")));
    }

    /** Journaled too: the sender registers the model once the server has it. */
    @Override
    public synchronized void register(String name) {
        requireNonNull(name, "name is null");
        requireOpen();
        journal.append(new JournalEvent.Register(name));
    }

    /**
     * Values longer than MLflow accepts are cut, saying so in the value itself, and kept whole as the artifact
     * {@code params/<key>.txt}.
     */
    @Override
    public synchronized void params(Map<String, String> params) {
        requireOpen();
        Map<String, String> fitted = new LinkedHashMap<>();
        params.forEach((key, value) -> fitted.put(requireNonNull(key, "param key is null"),
                requireNonNull(value, () -> "value of param " + key + " is null")));
        fitted.replaceAll(this::fitParam);
        journal.append(new JournalEvent.Params(fitted));
    }

    @Override
    public synchronized void tags(Map<String, String> tags) {
        requireOpen();
        Map<String, String> fitted = new LinkedHashMap<>();
        tags.forEach((key, value) -> fitted.put(requireNonNull(key, "tag key is null"), fitTag(value)));
        if (fitted.containsKey(NOTE_TAG)) {
            note = fitted.get(NOTE_TAG);
        }
        journal.append(new JournalEvent.Tags(fitted));
    }

    @Override
    public synchronized void dataset(DatasetInput input) {
        requireNonNull(input, "input is null");
        requireOpen();
        journal.append(new JournalEvent.Input(input));
    }

    /** For FAILED and KILLED runs the reason becomes the tag {@value #FAILURE_TAG} and part of the description. */
    @Override
    public synchronized void end(RunStatus status, String reason) {
        requireNonNull(status, "status is null");
        requireOpen();
        ended = true;
        if (status != RunStatus.FINISHED) {
            String why = reason == null || reason.isBlank() ? "no reason given" : reason.strip();
            String description = (note == null || note.isBlank() ? "" : note + "\n\n") + "**" + status + ":** " + why;
            Map<String, String> failure = new LinkedHashMap<>();
            failure.put(FAILURE_TAG, fitTag(why));
            failure.put(NOTE_TAG, fitTag(description));
            journal.append(new JournalEvent.Tags(failure));
        }
        journal.append(new JournalEvent.Ended(status, clock.getAsLong()));
        // The end is where a person stops caring about the program, so it goes to disk now.
        journal.sync();
        sender.ifPresent(BackgroundSender::wake);
    }

    @Override
    public Delivery awaitDelivery(Duration timeout, Consumer<String> progress) {
        synchronized (this) {
            deliveryAwaited = true;
        }
        return sender.map(s -> s.awaitDelivery(timeout, progress)).orElseGet(this::offline);
    }

    /**
     * Ends a run that nobody ended as FAILED, so that no run stays RUNNING in MLflow forever, waits for the
     * server as {@link #awaitDelivery} does unless someone already did, and stops sending: what is left stays
     * in the journal for {@code genlab sync}.
     */
    @Override
    public void close() {
        boolean wait;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (!ended) {
                end(RunStatus.FAILED, "run was not ended");
            }
            wait = !deliveryAwaited;
        }
        try {
            if (wait) {
                sender.ifPresent(s -> s.awaitDelivery(MlflowTracker.DELIVERY_TIMEOUT, progress -> { }));
            }
        } finally {
            sender.ifPresent(BackgroundSender::close);
            stopFlusher();
            journal.close();
            lock.close();
        }
    }

    @Override
    public String toString() {
        return "journaled run " + journal.directory().localId() + " (" + display + ")";
    }

    /** Without interrupting it: an interrupt during a write would close the journal file under it. */
    private void stopFlusher() {
        flusher.shutdown();
        try {
            flusher.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Optional<MlflowApi.CreatedRun> created() {
        return sender.flatMap(s -> s.replay().created());
    }

    private Delivery offline() {
        return new Delivery(journalBacklog(), 0, Optional.of(offlineReason), display);
    }

    private long journalBacklog() {
        return JournalReader.readAll(journal.directory().journal()).stream().filter(e -> e.event().sendable()).count();
    }

    private void keep(String path, byte[] content) {
        String file = journal.writeBody(path, content);
        journal.append(new JournalEvent.Artifact(path, file, content.length));
    }

    private String fitParam(String key, String value) {
        int length = value.codePointCount(0, value.length());
        if (length <= MAX_PARAM_LENGTH) {
            return value;
        }
        String path = ArtifactPaths.requireSafe(PARAMS_DIRECTORY + "/" + key + ".txt");
        keep(path, value.getBytes(StandardCharsets.UTF_8));
        String marker = " ... [" + length + " characters, cut to fit MLflow; the full value is the artifact " + path + "]";
        return prefix(value, MAX_PARAM_LENGTH - marker.length()) + marker;
    }

    static String fitTag(String value) {
        requireNonNull(value, "tag value is null");
        int length = value.codePointCount(0, value.length());
        if (length <= MAX_TAG_LENGTH) {
            return value;
        }
        String marker = " ... [" + length + " characters, cut to fit MLflow]";
        return prefix(value, MAX_TAG_LENGTH - marker.length()) + marker;
    }

    /** The first {@code codePoints} code points: MLflow counts characters as Python does, never halving a pair. */
    private static String prefix(String value, int codePoints) {
        return value.substring(0, value.offsetByCodePoints(0, codePoints));
    }

    private void requireOpen() {
        if (ended) {
            throw new IllegalStateException("Run " + runId() + " has ended; nothing more can be logged to it");
        }
    }
}
