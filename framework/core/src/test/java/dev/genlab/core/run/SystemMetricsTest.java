package dev.genlab.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.api.RunLog;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class SystemMetricsTest {
    @Test
    void samplesTheMachineUnderMlflowsNamesUntilClosed() throws InterruptedException {
        Map<String, List<double[]>> logged = new ConcurrentHashMap<>();
        RunLog log = new RunLog() {
            @Override
            public void metric(String key, double value, long step) {
                logged.computeIfAbsent(key, k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                        .add(new double[] {step, value});
            }

            @Override
            public void image(String key, BufferedImage image, long step) {
            }

            @Override
            public void artifact(String path, byte[] content) {
            }
        };
        SystemMetrics metrics = SystemMetrics.start(log, Duration.ofMillis(50), Path.of("."));
        long busy = System.nanoTime() + 400_000_000L;
        double sink = 0;
        while (System.nanoTime() < busy) {
            sink += Math.sqrt(sink + 1);
        }
        metrics.close();
        int samples = logged.get("system/jvm_heap_used_megabytes").size();
        Thread.sleep(200);

        assertThat(sink).isPositive();
        assertThat(logged).containsKeys("system/cpu_utilization_percentage", "system/system_memory_usage_megabytes",
                "system/system_memory_usage_percentage", "system/disk_usage_percentage",
                "system/disk_available_megabytes", "system/process_resident_megabytes",
                "system/jvm_heap_used_megabytes");
        assertThat(samples).as("samples in 0.4 s at 50 ms").isGreaterThanOrEqualTo(3);
        assertThat(logged.get("system/jvm_heap_used_megabytes")).as("none after close").hasSize(samples);
        List<double[]> cpu = logged.get("system/cpu_utilization_percentage");
        assertThat(cpu).allSatisfy(point -> assertThat(point[1]).isBetween(0.0, 100.0));
        assertThat(cpu).extracting(point -> (long) point[0]).startsWith(0L, 1L);
        // one busy thread of this JVM on the machine: the machine is not idle
        assertThat(cpu.stream().mapToDouble(point -> point[1]).max().orElseThrow()).isGreaterThan(5);
        assertThat(logged.get("system/process_resident_megabytes").get(0)[1]).isGreaterThan(10);
    }
}
