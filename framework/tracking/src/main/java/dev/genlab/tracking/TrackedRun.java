package dev.genlab.tracking;

import dev.genlab.api.RunLog;
import dev.genlab.api.GenLabException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One run being tracked. Besides what a plugin may log ({@link RunLog}) the runner sets parameters, tags and
 * the dataset, and ends the run. {@link #close()} ends a run not yet ended as FAILED, so no run stays RUNNING.
 */
public interface TrackedRun extends RunLog, AutoCloseable {
    /** The tracking server's id of the run; a run not yet known to its server has a local id until it is. */
    String runId();

    String experimentId();

    /** Where a person opens the run in the MLflow UI (or its local journal, until the server knows it). */
    String url();

    /**
     * The run's name in the tracking server once the server has created the run: the name it was started with,
     * or that name made unique in its experiment ({@code name-2}). Empty until then.
     */
    default Optional<String> name() {
        return Optional.empty();
    }

    /**
     * The run's own directory on this machine, where checkpoints are kept for {@code genlab run --resume};
     * empty for a run that keeps nothing locally.
     */
    default Optional<Path> directory() {
        return Optional.empty();
    }

    void params(Map<String, String> params);

    void tags(Map<String, String> tags);

    /** Records the dataset the run trains on, as MLflow's {@code log_input} does. */
    void dataset(DatasetInput input);

    /**
     * Keeps the trained model with the run: its files as the artifacts {@code <artifactPath>/<file>} beside an
     * MLmodel file, which makes the directory an MLflow model; where the server has MLflow 3's logged models, also
     * as a logged model of the run. Here: the artifacts alone.
     */
    default void model(SavedModel model) {
        model.files().forEach((path, content) -> artifact(model.artifactPath() + "/" + path, content));
        String uuid = UUID.randomUUID().toString().replace("-", "");
        artifact(model.artifactPath() + "/" + MlmodelFile.NAME, MlmodelFile.render(model, model.artifactPath(),
                runId(), Optional.empty(), uuid, Instant.now()));
    }

    /**
     * Registers the model logged last ({@link #model}) as a new version of the registered model {@code name},
     * created if absent.
     */
    default void register(String name) {
        throw new GenLabException(GenLabException.Category.TRACKING, "Run " + runId() + " is not tracked in an MLflow"
                + " server, so its model cannot be registered as '" + name + "'");
    }

    /** Ends the run; {@code reason} is recorded for FAILED and KILLED runs and ignored otherwise. */
    void end(RunStatus status, String reason);

    /**
     * Waits up to {@code timeout} for everything logged to reach the tracking server, telling {@code progress}
     * what is left every few seconds, and returns what did not arrive. Tracking calls never wait for a server;
     * this is the one place a program may, after the run has ended.
     */
    default Delivery awaitDelivery(Duration timeout, Consumer<String> progress) {
        return Delivery.NOTHING_PENDING;
    }

    @Override
    void close();
}
