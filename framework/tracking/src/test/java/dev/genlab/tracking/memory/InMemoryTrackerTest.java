package dev.genlab.tracking.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.genlab.api.GenLabException;
import dev.genlab.tracking.RunRequest;
import dev.genlab.tracking.RunStatus;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryTrackerTest {
    private final InMemoryTracker tracker = new InMemoryTracker();

    @Test
    void recordsEverythingARunLogs() {
        BufferedImage image = new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSample(1, 1, 0, 200);
        try (InMemoryRun run = tracker.start(new RunRequest("mnist", "ae-1", Map.of("genlab.spec", "ae.yaml")))) {
            run.params(Map.of("latentDim", "16"));
            run.tags(Map.of("stage", "test"));
            run.metric("loss", 2.0, 0);
            run.metric("loss", 1.5, 1);
            run.image("samples", image, 1);
            image.getRaster().setSample(1, 1, 0, 0);
            run.text("spec.yaml", "model: ae\n");
            run.end(RunStatus.FINISHED, null);
        }

        InMemoryRun run = tracker.lastRun();
        assertThat(run.runName()).isEqualTo("ae-1");
        assertThat(run.params()).containsExactly(Map.entry("latentDim", "16"));
        assertThat(run.tags()).containsEntry("genlab.spec", "ae.yaml").containsEntry("stage", "test")
                .containsEntry("mlflow.runName", "ae-1").containsEntry("mlflow.loggedImages", "True");
        assertThat(run.metrics("loss")).extracting(InMemoryRun.MetricPoint::step, InMemoryRun.MetricPoint::value)
                .containsExactly(tuple(0L, 2.0), tuple(1L, 1.5));
        assertThat(run.images("samples")).singleElement().satisfies(logged -> {
            assertThat(logged.step()).isEqualTo(1);
            assertThat(logged.image().getRaster().getSample(1, 1, 0)).as("a copy, not the plugin's buffer").isEqualTo(200);
        });
        assertThat(run.artifact("spec.yaml")).hasValueSatisfying(
                bytes -> assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("model: ae\n"));
        assertThat(run.status()).contains(RunStatus.FINISHED);
        assertThat(run.reason()).isEmpty();
    }

    @Test
    void aFailedOrAbandonedRunKeepsItsReason() {
        tracker.start(new RunRequest("mnist", "bad", Map.of())).end(RunStatus.FAILED, "out of memory");
        tracker.start(new RunRequest("mnist", "abandoned", Map.of())).close();

        assertThat(tracker.runs()).extracting(run -> run.status().orElseThrow(), run -> run.reason().orElseThrow())
                .containsExactly(tuple(RunStatus.FAILED, "out of memory"),
                        tuple(RunStatus.FAILED, "run was not ended"));
        assertThat(tracker.runs().get(0).tags()).containsEntry("genlab.failure", "out of memory");
    }

    @Test
    void reusesExperimentsByName() {
        String first = tracker.start(new RunRequest("mnist", "a", Map.of())).experimentId();
        String other = tracker.start(new RunRequest("fashion", "b", Map.of())).experimentId();
        String again = tracker.start(new RunRequest("mnist", "c", Map.of())).experimentId();

        assertThat(again).isEqualTo(first).isNotEqualTo(other);
    }

    @Test
    void enforcesWhatMlflowEnforces() {
        InMemoryRun run = tracker.start(new RunRequest("mnist", "strict", Map.of()));
        run.params(Map.of("lr", "0.1"));
        run.params(Map.of("lr", "0.1"));

        assertThatThrownBy(() -> run.params(Map.of("lr", "0.2"))).isInstanceOf(GenLabException.class).hasMessageContaining("lr");
        assertThatThrownBy(() -> run.artifact("../x", new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> run.image("a:b", new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), 0))
                .isInstanceOf(IllegalArgumentException.class);
        run.end(RunStatus.FINISHED, null);
        assertThatThrownBy(() -> run.metric("loss", 1, 1)).isInstanceOf(IllegalStateException.class);
    }
}
