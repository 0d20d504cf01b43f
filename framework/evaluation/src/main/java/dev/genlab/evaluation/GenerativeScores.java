package dev.genlab.evaluation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How close generated images are to real ones, judged in the evaluation classifier's feature space.
 *
 * @param frechetDistance the Frechet distance between the generated and the real features (0 is best)
 * @param precision share of generated images within the real images' manifold (1 is best)
 * @param recall share of real images within the generated images' manifold (1 is best)
 * @param coverage how the generated images spread over the classes
 */
public record GenerativeScores(double frechetDistance, double precision, double recall, ClassCoverage coverage) {
    /** The scores as metrics, named {@code prefix + fd}, {@code precision}, {@code recall}, {@code classes_covered}... */
    public Map<String, Double> metrics(String prefix) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(prefix + "fd", frechetDistance);
        metrics.put(prefix + "precision", precision);
        metrics.put(prefix + "recall", recall);
        metrics.put(prefix + "classes_covered", (double) coverage.covered());
        metrics.put(prefix + "class_entropy", coverage.entropy());
        return metrics;
    }
}
