package dev.genlab.compare;

import static java.util.Objects.requireNonNull;

import dev.genlab.tracking.rest.MlflowApi;
import java.util.List;
import java.util.Map;

/**
 * One run as the comparison shows it: what MLflow has of it, the histories of the metrics the report draws, and
 * its last images.
 */
record ComparedRun(MlflowApi.RunRecord run, Map<String, List<MlflowApi.MetricValue>> histories, List<Image> images) {
    /** A logged image at the run's last step for its key, as PNG bytes. */
    record Image(String key, long step, byte[] png) {
        Image {
            requireNonNull(key, "key is null");
            requireNonNull(png, "png is null");
        }
    }

    ComparedRun {
        requireNonNull(run, "run is null");
        histories = Map.copyOf(histories);
        images = List.copyOf(images);
    }
}
