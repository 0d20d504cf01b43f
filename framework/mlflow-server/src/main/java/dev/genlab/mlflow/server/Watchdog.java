package dev.genlab.mlflow.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Stops a server whose JVM died without stopping it (kill -9, a crash in native code), which no shutdown hook
 * survives: a shell loop in a session of its own checks every second that the JVM is there and, once it is
 * gone, terminates the server's process group, and kills what is left of it ten seconds later. It needs the
 * server to lead a process group of its own, which {@code setsid} gives it.
 */
final class Watchdog {
    private static final String SCRIPT = """
            while kill -0 "$1" 2>/dev/null; do sleep 1; done
            kill -TERM "-$2" 2>/dev/null || exit 0
            i=0
            while [ "$i" -lt 10 ] && kill -0 "-$2" 2>/dev/null; do sleep 1; i=$((i + 1)); done
            kill -KILL "-$2" 2>/dev/null
            exit 0
            """;

    private Watchdog() {
    }

    /**
     * Starts watching for {@code server}, the leader of its process group; empty where there is no {@code setsid}
     * (the server then shares the JVM's session) or no shell.
     */
    static Optional<Process> watch(ProcessHandle server, List<String> ownSession) {
        if (ownSession.isEmpty()) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>(ownSession);
        command.addAll(List.of("/bin/sh", "-c", SCRIPT, "genlab-mlflow-watchdog",
                Long.toString(ProcessHandle.current().pid()), Long.toString(server.pid())));
        try {
            Process watchdog = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            watchdog.getOutputStream().close();
            return Optional.of(watchdog);
        } catch (IOException e) {
            // without it the server is still stopped by close() and the shutdown hook, as before
            return Optional.empty();
        }
    }
}
