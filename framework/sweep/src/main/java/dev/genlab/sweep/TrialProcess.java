package dev.genlab.sweep;

import java.nio.file.Path;

/**
 * The main class of a trial run as a process of its own by {@code genlab sweep} on this machine: runs the task in
 * the file it is given. Ctrl-C or SIGTERM stops it as it stops {@code genlab run}: at a checkpoint, KILLED.
 * Exit status: 0 finished, 1 failed, 3 stopped.
 */
public final class TrialProcess {
    static final int FINISHED = 0;
    static final int FAILED = 1;
    static final int KILLED = 3;

    private TrialProcess() {
    }

    public static void main(String[] args) {
        TrialTask task = SweepFiles.read(Path.of(args[0]), TrialTask.class).orElseThrow(() ->
                new IllegalArgumentException("No trial task in " + args[0]));
        TrialResult result = TrialRunner.run(task, Integer.parseInt(args[1]), System.err);
        if (!result.message().isEmpty()) {
            System.err.println("Trial " + task.index() + " " + result.status() + ": " + result.message());
        }
        System.exit(result.finished() ? FINISHED : result.status().equals(TrialResult.KILLED) ? KILLED : FAILED);
    }
}
