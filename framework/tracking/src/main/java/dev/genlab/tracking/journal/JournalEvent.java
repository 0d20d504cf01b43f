package dev.genlab.tracking.journal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.genlab.tracking.DatasetInput;
import dev.genlab.tracking.RunStatus;
import dev.genlab.tracking.rest.MlflowApi;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of a run's journal ({@code journal.jsonl}): what the run logged, in order, and what the sender
 * learnt from a server ({@link Created}, {@link Rejected}). Each line is one JSON object whose {@code type}
 * names the record below; the names and fields are the file format, so they only ever gain optional fields.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = JournalEvent.Started.class, name = "start"),
        @JsonSubTypes.Type(value = JournalEvent.Params.class, name = "params"),
        @JsonSubTypes.Type(value = JournalEvent.Tags.class, name = "tags"),
        @JsonSubTypes.Type(value = JournalEvent.Metric.class, name = "metric"),
        @JsonSubTypes.Type(value = JournalEvent.Artifact.class, name = "artifact"),
        @JsonSubTypes.Type(value = JournalEvent.Input.class, name = "input"),
        @JsonSubTypes.Type(value = JournalEvent.Ended.class, name = "end"),
        @JsonSubTypes.Type(value = JournalEvent.Resumed.class, name = "resume"),
        @JsonSubTypes.Type(value = JournalEvent.Created.class, name = "created"),
        @JsonSubTypes.Type(value = JournalEvent.Rejected.class, name = "rejected"),
        @JsonSubTypes.Type(value = JournalEvent.Model.class, name = "model"),
        @JsonSubTypes.Type(value = JournalEvent.ModelCreated.class, name = "model-created"),
        @JsonSubTypes.Type(value = JournalEvent.Register.class, name = "register")})
public sealed interface JournalEvent {
    /** False for what the sender itself wrote: those lines are records, never sent. */
    default boolean sendable() {
        return true;
    }

    /**
     * The run began. {@code destination} is where it was meant to go ({@link Destination#key()}), which
     * {@code genlab sync} uses when told nothing else; it never holds credentials.
     */
    record Started(String localId, String experiment, String runName, Map<String, String> tags, long startTime,
            String user, String destination) implements JournalEvent {
        public Started {
            requireNonNull(localId, "localId is null");
            requireNonNull(experiment, "experiment is null");
            requireNonNull(runName, "runName is null");
            tags = ordered(tags);
            requireNonNull(user, "user is null");
            requireNonNull(destination, "destination is null");
        }
    }

    /** Parameters, already cut to MLflow's length limit. */
    record Params(Map<String, String> values) implements JournalEvent {
        public Params {
            values = ordered(values);
        }
    }

    /** Tags, already cut to MLflow's length limit. */
    record Tags(Map<String, String> values) implements JournalEvent {
        public Tags {
            values = ordered(values);
        }
    }

    record Metric(String key, double value, long timestamp, long step) implements JournalEvent {
        public Metric {
            requireNonNull(key, "key is null");
        }
    }

    /** A file of the run at {@code path}; its bytes are in the run directory at {@code file}. */
    record Artifact(String path, String file, long size) implements JournalEvent {
        public Artifact {
            requireNonNull(path, "path is null");
            requireNonNull(file, "file is null");
        }
    }

    record Input(DatasetInput dataset) implements JournalEvent {
        public Input {
            requireNonNull(dataset, "dataset is null");
        }
    }

    /** The run ended; a failure's reason was journaled as tags just before. */
    record Ended(RunStatus status, long endTime) implements JournalEvent {
        public Ended {
            requireNonNull(status, "status is null");
        }
    }

    /**
     * The run's trained model, whose files were journaled just before as the artifacts {@code artifactPath/<path>}
     * ({@code files} names their bodies): sending it writes the MLmodel file beside them and, where the server has
     * logged models, makes it one. {@code uuid} is the model's id where the server has none to give.
     */
    record Model(String artifactPath, String modelType, Map<String, Object> flavor, List<ModelFile> files, long step,
            long time, String uuid) implements JournalEvent {
        public Model {
            requireNonNull(artifactPath, "artifactPath is null");
            requireNonNull(modelType, "modelType is null");
            flavor = Collections.unmodifiableMap(new LinkedHashMap<>(flavor));
            files = List.copyOf(files);
            requireNonNull(uuid, "uuid is null");
        }
    }

    /** One file of a {@link Model}: its path in the model's directory and its body in the run directory. */
    record ModelFile(String path, String file, long size) {
        public ModelFile {
            requireNonNull(path, "path is null");
            requireNonNull(file, "file is null");
        }
    }

    /** The server at {@code destination} created the logged model of the {@link Model} numbered {@code event}. */
    record ModelCreated(String destination, long event, String modelId, String artifactUri) implements JournalEvent {
        public ModelCreated {
            requireNonNull(destination, "destination is null");
            requireNonNull(modelId, "modelId is null");
            requireNonNull(artifactUri, "artifactUri is null");
        }

        @Override
        public boolean sendable() {
            return false;
        }
    }

    /** Registers the run's last {@link Model} as a new version of the registered model {@code name}. */
    record Register(String name) implements JournalEvent {
        public Register {
            requireNonNull(name, "name is null");
        }
    }

    /**
     * The run goes on after it ended ({@code genlab run --resume}): it is RUNNING again, and the tags that told
     * why it stopped ({@code clearedTags}) are removed.
     */
    record Resumed(long time, List<String> clearedTags) implements JournalEvent {
        public Resumed {
            clearedTags = List.copyOf(clearedTags);
        }
    }

    /**
     * The server at {@code destination} created the run (or had it already): the local id's MLflow identity, and
     * the name it has there, which may differ from the one it started with to be unique in its experiment
     * (empty in journals written before names were made unique).
     */
    record Created(String destination, String runId, String experimentId, String artifactUri, String runName)
            implements JournalEvent {
        public Created {
            requireNonNull(destination, "destination is null");
            requireNonNull(runId, "runId is null");
            requireNonNull(experimentId, "experimentId is null");
            requireNonNull(artifactUri, "artifactUri is null");
            runName = runName == null ? "" : runName;
        }

        @Override
        public boolean sendable() {
            return false;
        }

        public MlflowApi.CreatedRun run() {
            return new MlflowApi.CreatedRun(runId, experimentId, artifactUri, runName);
        }
    }

    /**
     * The event numbered {@code event} can never be sent to {@code destination}: the server refused it with
     * {@code status} (0: it was refused here, a damaged line or a lost artifact file) and {@code message}.
     */
    record Rejected(String destination, long event, int status, String message) implements JournalEvent {
        public Rejected {
            requireNonNull(destination, "destination is null");
            requireNonNull(message, "message is null");
        }

        @Override
        public boolean sendable() {
            return false;
        }
    }

    /** A complete line that cannot be read back (never written: the reader's view of a damaged line). */
    record Damaged(String line, String problem) implements JournalEvent {
        public Damaged {
            requireNonNull(line, "line is null");
            requireNonNull(problem, "problem is null");
        }
    }

    private static Map<String, String> ordered(Map<String, String> values) {
        requireNonNull(values, "values is null");
        return Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
