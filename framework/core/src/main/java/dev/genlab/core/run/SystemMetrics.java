package dev.genlab.core.run;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.RunLog;
import dev.genlab.core.environment.NativeMemory;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine's and the process's load, sampled on a daemon thread every interval and logged under the names
 * MLflow's Python client gives them, so the run's System metrics tab fills as it does for a Python run:
 * {@code system/cpu_utilization_percentage}, {@code system/system_memory_usage_megabytes} and {@code _percentage},
 * {@code system/disk_usage_megabytes}, {@code _percentage} and {@code system/disk_available_megabytes}; and the
 * JVM's own: {@code system/process_resident_megabytes} (native arrays included) and
 * {@code system/jvm_heap_used_megabytes}. Steps count the samples, as MLflow's do. Linux figures come from
 * {@code /proc}; what a machine does not provide is left out. No GPU figures: ND4J's CPU backend runs here.
 */
final class SystemMetrics implements AutoCloseable {
    private static final Path PROC_STAT = Path.of("/proc/stat");
    private static final Path PROC_MEMINFO = Path.of("/proc/meminfo");
    private static final double MEGABYTE = 1024.0 * 1024.0;

    private final RunLog log;
    private final Path disk;
    private final Thread thread;
    private long[] lastCpu;
    private long step;

    private SystemMetrics(RunLog log, Duration interval, Path disk) {
        this.log = requireNonNull(log, "log is null");
        this.disk = requireNonNull(disk, "disk is null");
        this.lastCpu = cpuTimes();
        this.thread = new Thread(() -> loop(interval), "genlab-system-metrics");
        this.thread.setDaemon(true);
    }

    /** Starts sampling into {@code log} every {@code interval}; the disk figures are those of {@code disk}. */
    static SystemMetrics start(RunLog log, Duration interval, Path disk) {
        SystemMetrics metrics = new SystemMetrics(log, interval, disk);
        metrics.thread.start();
        return metrics;
    }

    private void loop(Duration interval) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(interval.toMillis());
                sample().forEach((key, value) -> log.metric(key, value, step));
                step++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // a figure that cannot be read or logged must never stop training: sampling ends quietly
        }
    }

    /** One sample of every figure this machine provides. */
    Map<String, Double> sample() {
        Map<String, Double> values = new LinkedHashMap<>();
        long[] cpu = cpuTimes();
        if (cpu.length == 2 && lastCpu.length == 2 && cpu[0] > lastCpu[0]) {
            double busy = (cpu[0] - lastCpu[0]) - (cpu[1] - lastCpu[1]);
            values.put("system/cpu_utilization_percentage", 100 * busy / (cpu[0] - lastCpu[0]));
        }
        lastCpu = cpu;
        Map<String, Long> memory = meminfo();
        Long total = memory.get("MemTotal");
        Long available = memory.get("MemAvailable");
        if (total != null && available != null && total > 0) {
            values.put("system/system_memory_usage_megabytes", (total - available) / 1024.0);
            values.put("system/system_memory_usage_percentage", 100.0 * (total - available) / total);
        }
        try {
            FileStore store = Files.getFileStore(disk);
            long size = store.getTotalSpace();
            long free = store.getUsableSpace();
            if (size > 0) {
                values.put("system/disk_usage_megabytes", (size - free) / MEGABYTE);
                values.put("system/disk_usage_percentage", 100.0 * (size - free) / size);
                values.put("system/disk_available_megabytes", free / MEGABYTE);
            }
        } catch (IOException e) {
            // no disk figures for this path
        }
        long resident = NativeMemory.residentBytes();
        if (resident > 0) {
            values.put("system/process_resident_megabytes", resident / MEGABYTE);
        }
        Runtime runtime = Runtime.getRuntime();
        values.put("system/jvm_heap_used_megabytes", (runtime.totalMemory() - runtime.freeMemory()) / MEGABYTE);
        return values;
    }

    /** Total and idle jiffies of all CPUs since boot, or nothing where {@code /proc/stat} is missing. */
    private static long[] cpuTimes() {
        try {
            List<String> lines = Files.readAllLines(PROC_STAT);
            String[] fields = lines.get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < fields.length; i++) {
                total += Long.parseLong(fields[i]);
            }
            // idle and iowait
            long idle = Long.parseLong(fields[4]) + (fields.length > 5 ? Long.parseLong(fields[5]) : 0);
            return new long[] {total, idle};
        } catch (IOException | RuntimeException e) {
            return new long[0];
        }
    }

    /** {@code /proc/meminfo} in kB, by name. */
    private static Map<String, Long> meminfo() {
        Map<String, Long> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(PROC_MEMINFO)) {
                String[] parts = line.split(":\\s*");
                if (parts.length == 2) {
                    values.put(parts[0], Long.parseLong(parts[1].replace(" kB", "").trim()));
                }
            }
        } catch (IOException | RuntimeException e) {
            // no memory figures
        }
        return values;
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
