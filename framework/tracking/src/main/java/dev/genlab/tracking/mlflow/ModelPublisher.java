package dev.genlab.tracking.mlflow;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.GenLabException;
import dev.genlab.tracking.MlmodelFile;
import dev.genlab.tracking.journal.Destination;
import dev.genlab.tracking.journal.Journal;
import dev.genlab.tracking.journal.JournalEvent;
import dev.genlab.tracking.journal.JournalReader;
import dev.genlab.tracking.rest.MlflowApi;
import dev.genlab.tracking.rest.MlflowCallException;
import dev.genlab.tracking.rest.MlflowModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Sends a journaled {@link JournalEvent.Model}: the MLmodel file beside the model's files in the run's artifacts
 * and, where the server has MLflow 3's logged models, a logged model of the run (its parameters, files and
 * MLmodel, an output of the run, READY). Every step may be repeated after a failure without doing anything twice:
 * the logged model is created once per server (journaled as {@link JournalEvent.ModelCreated}, and found by its
 * tag when the answer to its creation was lost), uploads replace, and the run's output is recorded once.
 */
final class ModelPublisher {
    /** Tags what GenLab made from a journal event with {@code <local id>/<event number>}, to find it again. */
    static final String EVENT_TAG = "genlab.journal_event";

    private final Journal journal;
    private final MlflowApi api;
    private final MlflowModels models;
    private final String destination;
    private final Consumer<String> messages;

    ModelPublisher(Journal journal, MlflowApi api, Destination destination, Consumer<String> messages) {
        this.journal = requireNonNull(journal, "journal is null");
        this.api = requireNonNull(api, "api is null");
        this.models = new MlflowModels(api);
        this.destination = requireNonNull(destination, "destination is null").key();
        this.messages = requireNonNull(messages, "messages is null");
    }

    void publish(JournalReader.Entry entry, JournalEvent.Model model, MlflowApi.CreatedRun run) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (JournalEvent.ModelFile file : model.files()) {
            files.put(file.path(), body(file, model));
        }
        List<JournalReader.Entry> before = JournalReader.readAll(journal.directory().journal()).stream()
                .filter(e -> e.seq() < entry.seq() || !e.event().sendable()).toList();
        Optional<MlflowModels.LoggedModel> logged = created(before, destination, entry.seq())
                .or(() -> create(entry, model, run, before));
        byte[] mlmodel = MlmodelFile.render(model.artifactPath(), model.modelType(), model.flavor(),
                List.copyOf(files.keySet()), logged.map(MlflowModels.LoggedModel::artifactUri).orElse(model.artifactPath()),
                run.runId(), logged.map(MlflowModels.LoggedModel::modelId),
                logged.map(MlflowModels.LoggedModel::modelId).orElse(model.uuid()), Instant.ofEpochMilli(model.time()));
        if (logged.isPresent()) {
            String root = logged.get().artifactUri();
            files.forEach((path, content) -> api.upload(root, path, content));
            api.upload(root, MlmodelFile.NAME, mlmodel);
        }
        api.upload(run.artifactUri(), model.artifactPath() + "/" + MlmodelFile.NAME, mlmodel);
        if (logged.isEmpty()) {
            messages.accept(new Destination(destination).describe() + " has no logged models (it is older than"
                    + " MLflow 3): the model of run " + run.runId() + " is in its artifacts under "
                    + model.artifactPath() + "/, with its MLmodel file");
            return;
        }
        String modelId = logged.get().modelId();
        if (!models.run(run.runId()).outputModelIds().contains(modelId)) {
            models.logOutput(run.runId(), modelId, model.step());
        }
        models.finalizeLoggedModel(modelId);
    }

    /**
     * The logged model the server at {@code destination} made of the model event numbered {@code event}, as the
     * journal records it.
     */
    static Optional<MlflowModels.LoggedModel> created(List<JournalReader.Entry> entries, String destination,
            long event) {
        Optional<MlflowModels.LoggedModel> found = Optional.empty();
        for (JournalReader.Entry entry : entries) {
            if (entry.event() instanceof JournalEvent.ModelCreated c && c.destination().equals(destination)
                    && c.event() == event) {
                found = Optional.of(new MlflowModels.LoggedModel(c.modelId(), c.artifactUri()));
            }
        }
        return found;
    }

    private Optional<MlflowModels.LoggedModel> create(JournalReader.Entry entry, JournalEvent.Model model,
            MlflowApi.CreatedRun run, List<JournalReader.Entry> before) {
        String key = journal.directory().localId() + "/" + entry.seq();
        Optional<MlflowModels.LoggedModel> logged;
        try {
            logged = models.findLoggedModel(run.experimentId(), run.runId(), EVENT_TAG, key);
        } catch (MlflowCallException e) {
            if (e.status() != 404) {
                throw e;
            }
            logged = Optional.empty();
        }
        if (logged.isEmpty()) {
            logged = models.createLoggedModel(run.experimentId(), model.artifactPath(), model.modelType(), run.runId(),
                    params(before), Map.of(EVENT_TAG, key));
        }
        logged.ifPresent(created -> {
            journal.append(new JournalEvent.ModelCreated(destination, entry.seq(), created.modelId(),
                    created.artifactUri()));
            journal.sync();
        });
        return logged;
    }

    /** The run's parameters, which the logged model carries too (as MLflow's own {@code log_model} does). */
    private static Map<String, String> params(List<JournalReader.Entry> entries) {
        Map<String, String> params = new LinkedHashMap<>();
        for (JournalReader.Entry entry : entries) {
            if (entry.event() instanceof JournalEvent.Params logged) {
                params.putAll(logged.values());
            }
        }
        return params;
    }

    private byte[] body(JournalEvent.ModelFile file, JournalEvent.Model model) {
        Path body = journal.directory().path().resolve(file.file());
        try {
            byte[] content = Files.readAllBytes(body);
            if (content.length == file.size()) {
                return content;
            }
        } catch (IOException e) {
            // said below
        }
        throw new MlflowCallException(MlflowCallException.Outcome.REJECTED, 0, "", new GenLabException(
                GenLabException.Category.TRACKING, "the file " + file.path() + " of model " + model.artifactPath()
                + "/ (" + body + ") is missing or incomplete, most likely cut short by a crash before it reached the"
                + " disk"));
    }
}
