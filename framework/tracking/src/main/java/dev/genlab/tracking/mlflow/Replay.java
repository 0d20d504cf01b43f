package dev.genlab.tracking.mlflow;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.GenLabException;
import dev.genlab.tracking.journal.Destination;
import dev.genlab.tracking.journal.Journal;
import dev.genlab.tracking.journal.JournalEvent;
import dev.genlab.tracking.journal.JournalReader;
import dev.genlab.tracking.journal.RunDirectory;
import dev.genlab.tracking.journal.SentCursor;
import dev.genlab.tracking.rest.MlflowApi;
import dev.genlab.tracking.rest.MlflowCallException;
import dev.genlab.tracking.rest.MlflowModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Sends a run's journal to one MLflow server in the order it was written, starting after what that server has
 * acknowledged ({@link SentCursor}) and moving the cursor after each answer, so that nothing is sent twice
 * and nothing is skipped. Consecutive metric values go in one request. The first event creates the run in
 * the server (or finds it, by its local id, when an earlier attempt created it but its answer was lost) and
 * journals the MLflow identity. A request the server refuses for good is journaled as {@link JournalEvent.Rejected}
 * and reported once; anything else that fails is thrown as an {@link MlflowCallException} and nothing after it
 * moves, for the caller to try again later.
 */
final class Replay {
    private static final int READ_BATCH = 5000;

    private final Journal journal;
    private final RunDirectory directory;
    private final MlflowApi api;
    private final String destination;
    private final SentCursor cursor;
    private final Consumer<String> messages;
    private final ModelPublisher models;
    private volatile MlflowApi.CreatedRun created;
    private volatile boolean ended;
    private volatile long rejected;

    /**
     * @param journal the run's journal, open for the records this class adds to it
     * @param messages where refusals are reported, once each
     */
    Replay(Journal journal, MlflowApi api, Destination destination, Consumer<String> messages) {
        this.journal = requireNonNull(journal, "journal is null");
        this.directory = journal.directory();
        this.api = requireNonNull(api, "api is null");
        this.destination = requireNonNull(destination, "destination is null").key();
        this.messages = requireNonNull(messages, "messages is null");
        this.cursor = SentCursor.load(directory, this.destination);
        this.models = new ModelPublisher(journal, api, destination, messages);
        for (JournalReader.Entry entry : JournalReader.readAll(directory.journal())) {
            if (entry.event() instanceof JournalEvent.Created c && c.destination().equals(this.destination)) {
                created = c.run();
            } else if (entry.event() instanceof JournalEvent.Rejected r && r.destination().equals(this.destination)) {
                rejected++;
            } else if (entry.event() instanceof JournalEvent.Ended && entry.endOffset() <= cursor.offset()) {
                ended = true;
            } else if (entry.event() instanceof JournalEvent.Resumed) {
                ended = false;
            }
        }
    }

    /** The run as the server knows it, once it has been created there. */
    Optional<MlflowApi.CreatedRun> created() {
        return Optional.ofNullable(created);
    }

    Optional<String> url() {
        MlflowApi.CreatedRun run = created;
        return run == null ? Optional.empty() : Optional.of(api.runUrl(run.experimentId(), run.runId()));
    }

    /** True once the server has acknowledged the end of the run: nothing more will come. */
    boolean ended() {
        return ended;
    }

    /** The sequence number of the last event the server acknowledged (0: none yet). */
    long acknowledged() {
        return cursor.seq();
    }

    /** Events this server refused for good. */
    long rejected() {
        return rejected;
    }

    /** Events written but not yet acknowledged by this server. */
    long backlog() {
        long count = 0;
        long offset = cursor.offset();
        while (true) {
            List<JournalReader.Entry> entries = JournalReader.read(directory.journal(), offset, READ_BATCH);
            if (entries.isEmpty()) {
                return count;
            }
            count += entries.stream().filter(entry -> entry.event().sendable()).count();
            offset = entries.get(entries.size() - 1).endOffset();
        }
    }

    /**
     * Sends every complete event after the cursor.
     *
     * @return how many events were acknowledged (or refused for good)
     * @throws MlflowCallException when the server cannot take the next event now
     */
    synchronized long sendAvailable() {
        long done = 0;
        while (true) {
            List<JournalReader.Entry> entries = JournalReader.read(directory.journal(), cursor.offset(), READ_BATCH);
            if (entries.isEmpty()) {
                return done;
            }
            int next = 0;
            while (next < entries.size()) {
                int end = next;
                while (end < entries.size() && end - next < MlflowApi.MAX_METRICS_PER_BATCH
                        && entries.get(end).event() instanceof JournalEvent.Metric) {
                    end++;
                }
                if (end > next) {
                    sendMetrics(entries.subList(next, end));
                } else {
                    send(entries.get(next));
                    end = next + 1;
                }
                done += end - next;
                next = end;
            }
        }
    }

    private void sendMetrics(List<JournalReader.Entry> batch) {
        String runId = requireCreated().runId();
        List<MlflowApi.MetricValue> values = new ArrayList<>();
        for (JournalReader.Entry entry : batch) {
            JournalEvent.Metric metric = (JournalEvent.Metric) entry.event();
            values.add(new MlflowApi.MetricValue(metric.key(), metric.value(), metric.timestamp(), metric.step()));
        }
        try {
            api.logMetrics(runId, values);
        } catch (MlflowCallException e) {
            if (e.outcome() != MlflowCallException.Outcome.REJECTED) {
                throw e;
            }
            if (batch.size() == 1) {
                reject(batch.get(0), e.status(), e.getMessage());
            } else {
                // One bad value fails the whole request: send them one by one so only the bad ones are refused.
                batch.forEach(entry -> sendMetrics(List.of(entry)));
                return;
            }
        }
        acknowledge(batch.get(batch.size() - 1));
    }

    private void send(JournalReader.Entry entry) {
        JournalEvent event = entry.event();
        try {
            if (event instanceof JournalEvent.Started started) {
                create(started);
            } else if (event instanceof JournalEvent.Params params) {
                api.logParams(requireCreated().runId(), params.values());
            } else if (event instanceof JournalEvent.Tags tags) {
                api.logTags(requireCreated().runId(), tags.values());
            } else if (event instanceof JournalEvent.Artifact artifact) {
                upload(entry, artifact);
            } else if (event instanceof JournalEvent.Input input) {
                api.logInput(requireCreated().runId(), input.dataset());
            } else if (event instanceof JournalEvent.Ended end) {
                api.endRun(requireCreated().runId(), end.status(), end.endTime());
            } else if (event instanceof JournalEvent.Resumed resumed) {
                api.resumeRun(requireCreated().runId());
                for (String tag : resumed.clearedTags()) {
                    api.deleteTag(requireCreated().runId(), tag);
                }
            } else if (event instanceof JournalEvent.Model model) {
                models.publish(entry, model, requireCreated());
            } else if (event instanceof JournalEvent.Register register) {
                register(entry, register);
            } else if (event instanceof JournalEvent.Damaged damaged) {
                reject(entry, 0, "the journal's " + damaged.problem());
            }
        } catch (MlflowCallException e) {
            if (e.outcome() != MlflowCallException.Outcome.REJECTED) {
                throw e;
            }
            if (event instanceof JournalEvent.Started) {
                // Without a run in the server nothing else can go there: stop until someone fixes the cause.
                throw new MlflowCallException(MlflowCallException.Outcome.REFUSED, e.status(), e.errorCode(), e);
            }
            reject(entry, e.status(), e.getMessage());
        }
        if (event instanceof JournalEvent.Ended) {
            ended = true;
        } else if (event instanceof JournalEvent.Resumed) {
            ended = false;
        }
        acknowledge(entry);
    }

    private void create(JournalEvent.Started started) {
        if (created != null) {
            return;
        }
        String experimentId = api.experimentId(started.experiment());
        MlflowApi.CreatedRun run = api.findRun(experimentId, MlflowTracker.LOCAL_ID_TAG, started.localId())
                .orElseGet(() -> createNamed(experimentId, started));
        journal.append(new JournalEvent.Created(destination, run.runId(), run.experimentId(), run.artifactUri(),
                run.runName()));
        created = run;
    }

    /**
     * Creates the run under its name, or, when the experiment has a run of that name already, under the first
     * free {@code name-N}: the name is decided here, when the server first hears of the run, so a run journaled
     * while the server was away gets its suffix once it is back, and a run found again by its local id (a lost
     * answer, a resumed run) keeps the name it was created with.
     */
    private MlflowApi.CreatedRun createNamed(String experimentId, JournalEvent.Started started) {
        String name = RunNames.free(api, experimentId, started.runName());
        Map<String, String> tags = new LinkedHashMap<>(started.tags());
        tags.put(MlflowTracker.RUN_NAME_TAG, name);
        return api.createRun(experimentId, name, tags, started.startTime(), started.user());
    }

    /** Registers the run's last model, from its logged model when this server made one. */
    private void register(JournalReader.Entry entry, JournalEvent.Register register) {
        MlflowApi.CreatedRun run = requireCreated();
        List<JournalReader.Entry> entries = JournalReader.readAll(directory.journal());
        JournalReader.Entry model = null;
        for (JournalReader.Entry earlier : entries) {
            if (earlier.seq() < entry.seq() && earlier.event() instanceof JournalEvent.Model) {
                model = earlier;
            }
        }
        if (model == null) {
            throw new MlflowCallException(MlflowCallException.Outcome.REJECTED, 0, "", new GenLabException(
                    GenLabException.Category.TRACKING, "the run logged no model to register as '" + register.name()
                    + "'"));
        }
        MlflowModels.ModelVersion version = new ModelRegistration(new MlflowModels(api)).register(register.name(),
                new MlflowModels.Run(run.runId(), run.experimentId(), run.artifactUri(), "active", List.of()),
                ((JournalEvent.Model) model.event()).artifactPath(),
                ModelPublisher.created(entries, destination, model.seq()),
                Map.of(ModelPublisher.EVENT_TAG, directory.localId() + "/" + entry.seq()));
        messages.accept("Registered " + version.name() + " version " + version.version());
    }

    private void upload(JournalReader.Entry entry, JournalEvent.Artifact artifact) {
        Path body = directory.path().resolve(artifact.file());
        byte[] content;
        try {
            content = Files.readAllBytes(body);
        } catch (IOException e) {
            content = null;
        }
        if (content == null || content.length != artifact.size()) {
            reject(entry, 0, "the file of artifact " + artifact.path() + " (" + body + ") is missing or incomplete,"
                    + " most likely cut short by a crash before it reached the disk");
            return;
        }
        api.upload(requireCreated().artifactUri(), artifact.path(), content);
    }

    private MlflowApi.CreatedRun requireCreated() {
        MlflowApi.CreatedRun run = created;
        if (run == null) {
            throw new MlflowCallException(MlflowCallException.Outcome.REFUSED, 0, "", new GenLabException(
                    GenLabException.Category.TRACKING, "The journal " + directory.journal() + " does not begin with"
                    + " the start of a run, so nothing in it can be sent"));
        }
        return run;
    }

    private void reject(JournalReader.Entry entry, int status, String message) {
        journal.append(new JournalEvent.Rejected(destination, entry.seq(), status, message));
        rejected++;
        messages.accept(String.format(Locale.ROOT, "Event #%d (%s) of run %s was not accepted and will not be sent"
                + " again; it stays in the journal, marked rejected: %s", entry.seq(), kind(entry.event()),
                directory.localId(), message));
    }

    private void acknowledge(JournalReader.Entry entry) {
        // The cursor must never point past what is on disk, or a crash could skip events after a restart.
        journal.syncThrough(entry.endOffset());
        cursor.advance(entry.endOffset(), entry.seq());
    }

    private static String kind(JournalEvent event) {
        if (event instanceof JournalEvent.Metric metric) {
            return "metric " + metric.key() + " at step " + metric.step();
        }
        if (event instanceof JournalEvent.Artifact artifact) {
            return "artifact " + artifact.path();
        }
        if (event instanceof JournalEvent.Params params) {
            return "params " + String.join(", ", params.values().keySet());
        }
        if (event instanceof JournalEvent.Tags tags) {
            return "tags " + String.join(", ", tags.values().keySet());
        }
        if (event instanceof JournalEvent.Input input) {
            return "dataset " + input.dataset().name();
        }
        if (event instanceof JournalEvent.Model model) {
            return "model " + model.artifactPath();
        }
        if (event instanceof JournalEvent.Register register) {
            return "registration as " + register.name();
        }
        return event.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }
}
