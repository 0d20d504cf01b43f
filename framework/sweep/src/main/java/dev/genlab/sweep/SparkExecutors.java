package dev.genlab.sweep;

import dev.genlab.api.GenLabException;
import java.util.ServiceLoader;

/**
 * Finds the Spark executor of {@code genlab-sweep-spark} on the class path, which only {@code genlab sweep
 * --spark} (or {@code spark-submit}) puts there, so that Spark stays out of every other command's class path.
 */
public interface SparkExecutors {
    /** A trial executor on the Spark cluster at {@code master}; {@code name} names the Spark application. */
    TrialExecutor connect(String master, String name);

    static SparkExecutors find() {
        return ServiceLoader.load(SparkExecutors.class).findFirst().orElseThrow(() -> new GenLabException(
                GenLabException.Category.CONFIG, "--spark: Spark is not on the class path; run the sweep with the"
                + " ./genlab launcher, which adds framework/sweep-spark/target/lib for --spark, or through"
                + " spark-submit (see the README's Sweeps section)"));
    }
}
