package dev.genlab.compare;

import dev.genlab.tracking.images.LoggedImage;
import dev.genlab.tracking.rest.MlflowApi;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads what the report shows of a run beyond its final values: the histories of its final metrics
 * ({@code metrics/get-history}) and, for each image key, the full-size PNG of its last step from the run's
 * {@code images/} artifacts (named as MLflow's {@code log_image} names them, see {@link LoggedImage}).
 */
final class RunLoader {
    private static final String IMAGES = "images";

    private RunLoader() {
    }

    static ComparedRun load(MlflowApi api, MlflowApi.RunRecord run) {
        Map<String, List<MlflowApi.MetricValue>> histories = new LinkedHashMap<>();
        for (String key : Comparison.finalMetricKeys(run.metrics().keySet())) {
            histories.put(key, api.metricHistory(run.runId(), key));
        }
        return new ComparedRun(run, histories, lastImages(api, run));
    }

    private static List<ComparedRun.Image> lastImages(MlflowApi api, MlflowApi.RunRecord run) {
        if (!LoggedImage.TAG_VALUE.equals(run.tags().get(LoggedImage.TAG))) {
            return List.of();
        }
        Map<String, LoggedImage.KeyAndStep> last = new TreeMap<>();
        Map<String, String> paths = new TreeMap<>();
        for (MlflowApi.ArtifactEntry entry : api.artifacts(run.runId(), IMAGES)) {
            LoggedImage.keyAndStep(entry.path()).ifPresent(image -> {
                LoggedImage.KeyAndStep seen = last.get(image.key());
                if (seen == null || image.step() > seen.step()) {
                    last.put(image.key(), image);
                    paths.put(image.key(), entry.path());
                }
            });
        }
        List<ComparedRun.Image> images = new ArrayList<>();
        last.forEach((key, image) -> images.add(new ComparedRun.Image(key, image.step(),
                api.download(run.artifactUri(), paths.get(key)))));
        return images;
    }
}
