package dev.genlab.api;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;

/** The narrow view of the tracker that a plugin gets. Calls return quickly; sending happens elsewhere. */
public interface RunLog {
    void metric(String key, double value, long step);

    /** An image under {@code key} at {@code step}; the MLflow UI shows a step slider per key. */
    void image(String key, BufferedImage image, long step);

    /** A file of the run, at a relative path such as {@code plots/histogram.csv}. */
    void artifact(String path, byte[] content);

    default void text(String path, String content) {
        artifact(path, content.getBytes(StandardCharsets.UTF_8));
    }
}
