package dev.genlab.tracking.journal;

import dev.genlab.tracking.images.LoggedImage;
import java.util.HashMap;
import java.util.Map;

/**
 * What a resumed run had already logged past its checkpoint. Training goes on from the checkpoint and, being
 * seeded by its steps, logs again exactly what the interrupted run logged after it; MLflow cannot take back a
 * metric point, so those repeats are dropped here and every step appears once.
 */
public final class ResumeMarks {
    public static final ResumeMarks NONE = new ResumeMarks(Map.of(), Map.of());

    private final Map<String, Long> metrics;
    private final Map<String, Long> images;

    /** @param metrics the last step logged per metric key; @param images the last step logged per image key */
    public ResumeMarks(Map<String, Long> metrics, Map<String, Long> images) {
        this.metrics = new HashMap<>(metrics);
        this.images = new HashMap<>(images);
    }

    /** From a journal read back whole. */
    public static ResumeMarks of(Iterable<JournalReader.Entry> entries) {
        Map<String, Long> metrics = new HashMap<>();
        Map<String, Long> images = new HashMap<>();
        for (JournalReader.Entry entry : entries) {
            if (entry.event() instanceof JournalEvent.Metric metric) {
                metrics.merge(metric.key(), metric.step(), Math::max);
            } else if (entry.event() instanceof JournalEvent.Artifact artifact) {
                LoggedImage.keyAndStep(artifact.path())
                        .ifPresent(image -> images.merge(image.key(), image.step(), Math::max));
            }
        }
        return new ResumeMarks(metrics, images);
    }

    /** True when the run already has a point of {@code key} at {@code step} or later. */
    public boolean metricLogged(String key, long step) {
        Long last = metrics.get(key);
        return last != null && step <= last;
    }

    public boolean imageLogged(String key, long step) {
        Long last = images.get(key);
        return last != null && step <= last;
    }
}
