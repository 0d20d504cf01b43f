package dev.genlab.core.run;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Dataset;
import dev.genlab.api.Model;
import dev.genlab.api.RunLog;
import dev.genlab.api.Split;
import dev.genlab.api.Stage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model whose progress images come with quality scores: wherever the loop asks for progress (every
 * {@code tracking.imageEvery} steps, and the runner once at the end), the scores are logged at that step too, so
 * a run's scores are a chart over training. Everything else is the model's own.
 */
final class ScoredModel implements Model {
    private final Model model;
    private final QualityScores scores;
    private Map<String, Double> last = Map.of();

    ScoredModel(Model model, QualityScores scores) {
        this.model = requireNonNull(model, "model is null");
        this.scores = requireNonNull(scores, "scores is null");
    }

    /** The scores of the latest progress step. */
    Map<String, Double> lastScores() {
        return last;
    }

    @Override
    public List<Stage> stages() {
        return model.stages();
    }

    @Override
    public void logProgress(RunLog log, long step) {
        model.logProgress(log, step);
        score(log, step);
    }

    @Override
    public void logProgress(Dataset data, RunLog log, long step) {
        model.logProgress(data, log, step);
        score(log, step);
    }

    private void score(RunLog log, long step) {
        last = scores.score(model);
        last.forEach((key, value) -> log.metric(key, value, step));
    }

    @Override
    public Map<String, Double> evaluate(Dataset data, RunLog log, long step) {
        return model.evaluate(data, log, step);
    }

    @Override
    public INDArray generate(int count, Split inputs, long seed) {
        return model.generate(count, inputs, seed);
    }

    @Override
    public int conditionalClasses() {
        return model.conditionalClasses();
    }

    @Override
    public INDArray generate(int[] labels, long seed) {
        return model.generate(labels, seed);
    }

    @Override
    public void save(Path directory) throws IOException {
        model.save(directory);
    }

    @Override
    public void close() {
        model.close();
    }
}
