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
import java.util.OptionalDouble;
import java.util.Random;
import java.util.function.Supplier;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs a model's stages over the training split: shuffled batches, losses logged every {@code logEvery}
 * steps, epoch means and test metrics at each epoch end, a progress bar throughout. Steps count across
 * stages, so every metric shares one step axis. Everything random is seeded from where training stands (the
 * data order from the stage and epoch, each step from its number: {@link Seeds}), so training can stop at a
 * checkpoint and go on from it to the very result of an uninterrupted run.
 */
final class TrainingLoop {
    /** Saves a checkpoint at a position; the loop calls it at the intervals of {@code training.checkpointEvery}. */
    interface Checkpointer {
        void save(LoopPosition position);
    }

    private final TrainingSettings training;
    private final TrackingSpec tracking;
    private final long checkpointEvery;
    private final long seed;
    private final Console console;
    private final Interruption interruption;
    private final Checkpointer checkpointer;

    /**
     * @param checkpointEvery epochs between checkpoints (iterations, for training counted in iterations);
     *     0 for none but the last
     */
    TrainingLoop(TrainingSettings training, TrackingSpec tracking, long checkpointEvery, long seed, Console console,
            Interruption interruption, Checkpointer checkpointer) {
        this.training = requireNonNull(training, "training is null");
        this.tracking = requireNonNull(tracking, "tracking is null");
        this.checkpointEvery = checkpointEvery;
        this.seed = seed;
        this.console = requireNonNull(console, "console is null");
        this.interruption = requireNonNull(interruption, "interruption is null");
        this.checkpointer = requireNonNull(checkpointer, "checkpointer is null");
    }

    /**
     * Trains every stage from {@code from} on; returns the last step and the test metrics of the last
     * validation, as logged under {@code test/} (none for a model of several stages, whose validations carry
     * the stage's prefix, or when training was already over at {@code from}). A checkpoint is saved at the end.
     *
     * @throws Interruption.Stopped when the interruption was requested, after a checkpoint at the last step
     */
    Result run(Model model, Dataset data, RunLog log, LoopPosition from) {
        List<Stage> stages = model.stages();
        LoopPosition position = from;
        Map<String, Double> lastTest = Map.of();
        if (from.equals(LoopPosition.START) && tracking.imageEvery() > 0) {
            // the untrained model's pictures (and scores): every step slider starts with something to see
            model.logProgress(data, log, 0);
        }
        while (!position.finished()) {
            Stage stage = stages.get(position.stage());
            String prefix = stages.size() > 1 ? stage.name() + "/" : "";
            String label = stages.size() > 1 ? "[" + stage.name() + "]" : "";
            StageRun run = new StageRun(stage, prefix, label, data, log, model);
            Map<String, Double> validated = run.train(position);
            // only unprefixed test metrics stand for the model; the runner logs the rest of evaluate()
            lastTest = prefix.isEmpty() ? validated : Map.of();
            boolean last = position.stage() + 1 == stages.size();
            position = new LoopPosition(last ? position.stage() : position.stage() + 1, 1, 0, run.step, 0, Map.of(),
                    last);
            checkpointer.save(position);
        }
        return new Result(position.step(), lastTest);
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
        private long step;

        StageRun(Stage stage, String prefix, String label, Dataset data, RunLog log, Model model) {
            this.stage = stage;
            this.prefix = prefix;
            this.label = label;
            this.data = data;
            this.log = log;
            this.model = model;
        }

        Map<String, Double> train(LoopPosition from) {
            long stepsPerEpoch = data.train().batchCount(training.batchSize());
            long totalSteps = training.epochs() > 0 ? training.epochs() * stepsPerEpoch : training.iterations();
            long epochs = (totalSteps + stepsPerEpoch - 1) / stepsPerEpoch;
            step = from.step();
            long done = from.stageSteps();
            Map<String, Double> test = Map.of();
            for (long epoch = from.epoch(); epoch <= epochs; epoch++) {
                boolean resumed = epoch == from.epoch();
                long skip = resumed ? from.batchesDone() : 0;
                long barSteps = Math.min(stepsPerEpoch - skip, totalSteps - done);
                ProgressBar bar = new ProgressBar(console, position(epoch, epochs, done, barSteps, totalSteps), barSteps);
                Map<String, Double> sums = new LinkedHashMap<>(resumed ? from.epochSums() : Map.of());
                long batches = skip;
                Random order = new Random(Seeds.order(seed, from.stage(), epoch));
                Iterator<Batch> batchesOfEpoch = data.train().shuffledBatches(training.batchSize(), order);
                for (long skipped = 0; skipped < skip; skipped++) {
                    batchesOfEpoch.next();
                }
                while (batchesOfEpoch.hasNext() && done < totalSteps) {
                    long stepStart = System.nanoTime();
                    step++;
                    long stepSeed = Seeds.step(seed, step);
                    Nd4j.getRandom().setSeed(stepSeed);
                    Batch batch = batchesOfEpoch.next().at(step, stepSeed);
                    Map<String, Double> losses = stage.fit(batch);
                    long stepNanos = System.nanoTime() - stepStart;
                    if (Thread.interrupted()) {
                        // an application embedding GenLab stops a run by interrupting its thread
                        interruption.request("the training thread was interrupted");
                    }
                    done++;
                    batches++;
                    checkFinite(losses, epoch);
                    losses.forEach((key, value) -> sums.merge(key, value, Double::sum));
                    if (step % tracking.logEvery() == 0) {
                        losses.forEach((key, value) -> log.metric(prefix + "train/" + key, value, step));
                    }
                    if (tracking.imageEvery() > 0 && step % tracking.imageEvery() == 0) {
                        model.logProgress(data, log, step);
                    }
                    bar.step(batches - skip, batch.size(), stepNanos, losses.getOrDefault("loss", Double.NaN));
                    if (batchesOfEpoch.hasNext() && done < totalSteps) {
                        long epochNow = epoch;
                        long batchesNow = batches;
                        long doneNow = done;
                        checkpointIfDue(false, epoch, done, () -> new LoopPosition(from.stage(), epochNow, batchesNow,
                                step, doneNow, sums, false));
                    }
                }
                long count = batches;
                sums.forEach((key, sum) -> log.metric(prefix + "train/epoch_" + key, sum / count, step));
                // the test split after every tracking.testEvery epochs and after the last
                Map<String, Double> tested = Map.of();
                OptionalDouble testSeconds = OptionalDouble.empty();
                if (epoch == epochs || epoch % tracking.testEvery() == 0) {
                    long testStart = System.nanoTime();
                    tested = stage.validate(data.test());
                    testSeconds = OptionalDouble.of((System.nanoTime() - testStart) / 1e9);
                    tested.forEach((key, value) -> log.metric(prefix + "test/" + key, value, step));
                    log.metric(prefix + "time/test_seconds", testSeconds.getAsDouble(), step);
                    test = tested;
                }
                log.metric(prefix + "epoch", epoch, step);
                log.metric(prefix + "images_per_second", bar.imagesPerSecond(), step);
                log.metric(prefix + "time/train_seconds", bar.trainingSeconds(), step);
                bar.finish(summary(sums, count, tested), testSeconds);
                if (epoch < epochs) {
                    long next = epoch + 1;
                    long doneNow = done;
                    checkpointIfDue(true, epoch, done, () -> new LoopPosition(from.stage(), next, 0, step, doneNow,
                            Map.of(), false));
                }
            }
            return test;
        }

        /**
         * After a step inside an epoch, or at an epoch's end: stops with a checkpoint when the interruption was
         * requested, else saves one when {@code training.checkpointEvery} says so (epoch ends for training
         * counted in epochs, every so many steps for training counted in iterations). The position is built only
         * when saved: this runs after every step.
         */
        private void checkpointIfDue(boolean epochEnd, long epoch, long done, Supplier<LoopPosition> position) {
            if (interruption.requested()) {
                LoopPosition here = position.get();
                checkpointer.save(here);
                throw new Interruption.Stopped(interruption.reason(), here);
            }
            boolean due = checkpointEvery > 0 && (training.epochs() > 0
                    ? epochEnd && epoch % checkpointEvery == 0
                    : done % checkpointEvery == 0);
            if (due) {
                checkpointer.save(position.get());
            }
        }

        /**
         * The bar's label: the epoch for training counted in epochs, the range of iterations this pass over the
         * data covers for training counted in iterations.
         */
        private String position(long epoch, long epochs, long done, long barSteps, long totalSteps) {
            String stageLabel = label.isEmpty() ? "" : label + " ";
            if (training.epochs() > 0) {
                return String.format(Locale.ROOT, "%sepoch %d/%d", stageLabel, epoch, epochs);
            }
            return String.format(Locale.ROOT, "%siterations %d-%d/%d", stageLabel, done + 1, done + barSteps,
                    totalSteps);
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
