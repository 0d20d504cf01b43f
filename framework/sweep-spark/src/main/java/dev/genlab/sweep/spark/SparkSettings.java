package dev.genlab.sweep.spark;

import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;

/**
 * The Spark configuration of a sweep: what the user or {@code spark-submit} set wins; GenLab adds what its trials
 * need in an executor JVM: Java 17's {@code --add-opens} for Spark, ND4J's native-memory cap, the data directory,
 * passive OpenMP waiting, and, outside {@code spark-submit}, this JVM's class path for the executors (one machine,
 * or a cluster where GenLab is installed at the same path).
 */
final class SparkSettings {
    /** What Spark 3.5 itself passes to JVMs on Java 17 (its launcher's JavaModuleOptions). */
    static final List<String> JAVA_17_OPTIONS = List.of(
            "-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "-Djdk.reflect.useDirectMethodHandle=false");
    private static final String SUBMITTED = "spark.submit.deployMode";

    private SparkSettings() {
    }

    /** @param master the cluster, or {@code "submit"} to take it from {@code spark-submit}'s configuration */
    static SparkConf configure(String master, String name, Map<String, String> environment) {
        SparkConf conf = new SparkConf();
        boolean submitted = conf.contains(SUBMITTED);
        if (!master.equals("submit")) {
            conf.setMaster(master);
        }
        conf.setIfMissing("spark.app.name", name);
        conf.setIfMissing("spark.executor.defaultJavaOptions", String.join(" ", JAVA_17_OPTIONS));
        conf.setIfMissing("spark.driver.defaultJavaOptions", String.join(" ", JAVA_17_OPTIONS));
        conf.setIfMissing("spark.executor.extraJavaOptions", "-Dorg.bytedeco.javacpp.maxbytes=4g");
        conf.setIfMissing("spark.executor.memory", "2g");
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        // a lost executor's trial is retried; local mode retries nothing unless told
        conf.setIfMissing("spark.task.maxFailures", "4");
        if (!submitted && !conf.get("spark.master", "").startsWith("local")) {
            conf.setIfMissing("spark.executor.extraClassPath", System.getProperty("java.class.path"));
        }
        setEnvironment(conf, "GENLAB_DATA_DIR", environment.get("GENLAB_DATA_DIR"));
        setEnvironment(conf, "OMP_WAIT_POLICY", environment.getOrDefault("OMP_WAIT_POLICY", "PASSIVE"));
        setEnvironment(conf, "MALLOC_ARENA_MAX", environment.getOrDefault("MALLOC_ARENA_MAX", "2"));
        for (String credential : List.of("MLFLOW_TRACKING_TOKEN", "MLFLOW_TRACKING_USERNAME",
                "MLFLOW_TRACKING_PASSWORD")) {
            setEnvironment(conf, credential, environment.get(credential));
        }
        return conf;
    }

    private static void setEnvironment(SparkConf conf, String name, String value) {
        if (value != null && !value.isBlank()) {
            conf.setIfMissing("spark.executorEnv." + name, value);
        }
    }
}
