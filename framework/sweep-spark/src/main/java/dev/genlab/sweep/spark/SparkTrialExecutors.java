package dev.genlab.sweep.spark;

import dev.genlab.sweep.SparkExecutors;
import dev.genlab.sweep.TrialExecutor;

/** Makes {@code genlab sweep --spark MASTER} run trials as Spark tasks; found by {@link SparkExecutors#find()}. */
public final class SparkTrialExecutors implements SparkExecutors {
    @Override
    public TrialExecutor connect(String master, String name) {
        return SparkTrials.connect(SparkSettings.configure(master, name, System.getenv()));
    }
}
