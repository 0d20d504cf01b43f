package dev.genlab.core.run;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;

/** Where the runner talks to the user: messages and the progress bar go to standard error. */
public final class Console {
    private final PrintStream err;
    private final boolean interactive;
    private final boolean verbose;

    public Console(PrintStream err, boolean interactive, boolean verbose) {
        this.err = requireNonNull(err, "err is null");
        this.interactive = interactive;
        this.verbose = verbose;
    }

    /** The process's standard error, redrawing the progress bar in place when it is a terminal. */
    public static Console system(boolean verbose) {
        return new Console(System.err, System.console() != null, verbose);
    }

    public void info(String message) {
        err.println(message);
        err.flush();
    }

    public void debug(String message) {
        if (verbose) {
            info(message);
        }
    }

    /** Redraws the current line (terminal) or, for logs, prints it as a line of its own. */
    public void status(String line, boolean lineDone) {
        if (interactive) {
            err.print("\r\033[2K" + line + (lineDone ? System.lineSeparator() : ""));
        } else {
            err.println(line);
        }
        err.flush();
    }

    public boolean interactive() {
        return interactive;
    }

    boolean verbose() {
        return verbose;
    }
}
