package dev.genlab.sweep.spark;

import static java.util.Objects.requireNonNull;

import dev.genlab.sweep.TrialExecutor;
import dev.genlab.sweep.TrialResult;
import dev.genlab.sweep.TrialResults;
import dev.genlab.sweep.TrialRunner;
import dev.genlab.sweep.TrialTask;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;

/**
 * Runs each trial as one Spark task, in an executor's JVM, with as many ND4J threads as the task has cores. A task
 * lost with its executor is retried by Spark; the retry finds the trial's child run by its tags and goes on in it
 * from the last checkpoint it can reach, so a trial never has two runs.
 */
final class SparkTrials implements TrialExecutor {
    private static final String JOB_GROUP = "genlab-sweep";

    private final JavaSparkContext context;

    private SparkTrials(JavaSparkContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    static SparkTrials connect(SparkConf conf) {
        JavaSparkContext context = new JavaSparkContext(conf);
        context.setLogLevel("WARN");
        return new SparkTrials(context);
    }

    @Override
    public List<TrialResult> run(List<TrialTask> tasks, Consumer<TrialResult> ended) {
        if (tasks.isEmpty()) {
            return List.of();
        }
        context.setJobGroup(JOB_GROUP, "genlab sweep: " + tasks.size() + " trials", true);
        JavaFutureAction<List<TrialResult>> job = context.parallelize(tasks, tasks.size()).map(new RunTrial())
                .collectAsync();
        Set<Integer> reported = new HashSet<>();
        try {
            while (true) {
                try {
                    List<TrialResult> results = job.get(1, TimeUnit.SECONDS);
                    results.stream().filter(result -> reported.add(result.index())).forEach(ended);
                    return results;
                } catch (TimeoutException e) {
                    TrialResults.newlyEnded(tasks, reported).forEach(ended);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            job.cancel(true);
            return killed(tasks, "interrupted");
        } catch (ExecutionException e) {
            // cancelled by stop(), or a task failed more often than spark.task.maxFailures allows
            return killed(tasks, "the Spark job ended: " + e.getCause());
        }
    }

    /** Trials whose results Spark did not return; those that finished are taken from their result files. */
    private static List<TrialResult> killed(List<TrialTask> tasks, String why) {
        List<TrialResult> results = new ArrayList<>();
        for (TrialTask task : tasks) {
            results.add(TrialResults.read(task).filter(TrialResult::finished).orElse(new TrialResult(task.index(),
                    "", TrialResult.KILLED, java.util.Map.of(), why)));
        }
        return results;
    }

    @Override
    public void stop() {
        context.cancelJobGroup(JOB_GROUP);
    }

    @Override
    public String describe() {
        return "Spark at " + context.master() + " (" + context.defaultParallelism() + " task slots)";
    }

    @Override
    public void close() {
        context.stop();
    }

    /** One trial in an executor: ND4J gets the task's cores. */
    private static final class RunTrial implements Function<TrialTask, TrialResult> {
        private static final long serialVersionUID = 1L;

        @Override
        public TrialResult call(TrialTask task) {
            TaskContext spark = TaskContext.get();
            int cores = spark == null ? 1 : Math.max(1, spark.cpus());
            System.err.println("Trial " + task.index() + " (" + task.label() + "), attempt " + (spark == null ? 0
                    : spark.attemptNumber()) + ", " + cores + " core(s)");
            return TrialRunner.run(task, cores, System.err);
        }
    }
}
