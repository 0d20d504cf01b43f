package dev.genlab.core.run;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Batch;
import dev.genlab.api.Dataset;
import dev.genlab.api.Model;
import dev.genlab.api.RunLog;
import dev.genlab.api.Stage;
import dev.genlab.api.TrainingSettings;
import dev.genlab.core.spec.TrackingSpec;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Runs a model's stages over the training split: shuffled batches (seeded), losses logged every
 * {@code logEvery} steps, epoch means and test metrics at each epoch end, a progress bar throughout.
 * Steps count across stages, so every metric shares one step axis.
 */
final class TrainingLoop {
    private final TrainingSettings training;
    private final TrackingSpec tracking;
    private final long seed;
    private final Console console;

    TrainingLoop(TrainingSettings training, TrackingSpec tracking, long seed, Console console) {
        this.training = requireNonNull(training, "training is null");
        this.tracking = requireNonNull(tracking, "tracking is null");
        this.seed = seed;
        this.console = requireNonNull(console, "console is null");
    }

    /**
     * Trains every stage; returns the last step and the test metrics of the last validation, as logged under
     * {@code test/} (none for a model of several stages, whose validations carry the stage's prefix).
     */
    Result run(Model model, Dataset data, RunLog log) {
        List<Stage> stages = model.stages();
        long step = 0;
        Map<String, Double> lastTest = Map.of();
        for (int index = 0; index < stages.size(); index++) {
            Stage stage = stages.get(index);
            String prefix = stages.size() > 1 ? stage.name() + "/" : "";
            String label = stages.size() > 1 ? "[" + stage.name() + "]" : "";
            Random order = new Random(seed * 1_000_003L + index);
            StageRun run = new StageRun(stage, prefix, label, data, log, model, order, step);
            Map<String, Double> validated = run.train();
            // only unprefixed test metrics stand for the model; the runner logs the rest of evaluate()
            lastTest = prefix.isEmpty() ? validated : Map.of();
            step = run.step;
        }
        return new Result(step, lastTest);
    }

    record Result(long lastStep, Map<String, Double> lastTestMetrics) {
    }

    /** The state of one stage's training. */
    private final class StageRun {
        private final Stage stage;
        private final String prefix;
        private final String label;
        private final Dataset data;
        private final RunLog log;
        private final Model model;
        private final Random order;
        private long step;

        StageRun(Stage stage, String prefix, String label, Dataset data, RunLog log, Model model, Random order,
                long firstStep) {
            this.stage = stage;
            this.prefix = prefix;
            this.label = label;
            this.data = data;
            this.log = log;
            this.model = model;
            this.order = order;
            this.step = firstStep;
        }

        Map<String, Double> train() {
            int size = data.train().size();
            long stepsPerEpoch = (size + training.batchSize() - 1) / training.batchSize();
            long totalSteps = training.epochs() > 0 ? training.epochs() * stepsPerEpoch : training.iterations();
            long epochs = (totalSteps + stepsPerEpoch - 1) / stepsPerEpoch;
            long done = 0;
            Map<String, Double> test = Map.of();
            for (long epoch = 1; epoch <= epochs; epoch++) {
                String epochLabel = String.format(Locale.ROOT, "%sepoch %d/%d", label.isEmpty() ? "" : label + " ",
                        epoch, epochs);
                ProgressBar bar = new ProgressBar(console, epochLabel, Math.min(stepsPerEpoch, totalSteps - done));
                Map<String, Double> sums = new LinkedHashMap<>();
                long batches = 0;
                Iterator<Batch> batchesOfEpoch = data.train().shuffledBatches(training.batchSize(), order);
                while (batchesOfEpoch.hasNext() && done < totalSteps) {
                    Batch batch = batchesOfEpoch.next();
                    Map<String, Double> losses = stage.fit(batch);
                    step++;
                    done++;
                    batches++;
                    checkFinite(losses, epoch);
                    losses.forEach((key, value) -> sums.merge(key, value, Double::sum));
                    if (step % tracking.logEvery() == 0) {
                        losses.forEach((key, value) -> log.metric(prefix + "train/" + key, value, step));
                    }
                    if (tracking.imageEvery() > 0 && step % tracking.imageEvery() == 0) {
                        model.logProgress(log, step);
                    }
                    bar.step(done - (epoch - 1) * stepsPerEpoch, batch.size(), losses.getOrDefault("loss", Double.NaN));
                }
                long count = batches;
                sums.forEach((key, sum) -> log.metric(prefix + "train/epoch_" + key, sum / count, step));
                test = stage.validate(data.test());
                test.forEach((key, value) -> log.metric(prefix + "test/" + key, value, step));
                log.metric(prefix + "epoch", epoch, step);
                log.metric(prefix + "images_per_second", bar.imagesPerSecond(), step);
                bar.finish(summary(sums, count, test));
            }
            return test;
        }

        private void checkFinite(Map<String, Double> losses, long epoch) {
            for (Map.Entry<String, Double> loss : losses.entrySet()) {
                if (!Double.isFinite(loss.getValue())) {
                    throw new TrainingFailure(String.format(Locale.ROOT,
                            "%s%s became %s at step %d (epoch %d): training diverged; lower "
                                    + "training.optimizer.learningRate or check the data", prefix, loss.getKey(),
                            loss.getValue(), step, epoch), step);
                }
            }
        }

        private static String summary(Map<String, Double> sums, long count, Map<String, Double> test) {
            StringBuilder text = new StringBuilder();
            sums.forEach((key, sum) -> text.append(String.format(Locale.ROOT, "%s %.4f, ", key, sum / count)));
            test.forEach((key, value) -> text.append(String.format(Locale.ROOT, "test %s %.4f, ", key, value)));
            return text.length() == 0 ? "done" : text.substring(0, text.length() - 2);
        }
    }
}
