package dev.genlab.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * A command that a module on the class path adds to {@code genlab} (such as {@code genlab sweep}), found with
 * {@link ServiceLoader} so that the core does not depend on it. It throws {@link dev.genlab.api.GenLabException}
 * for what a user should read, which {@link Main} prints as it prints its own errors.
 */
public interface Subcommand {
    /** The word after {@code genlab}. */
    String name();

    /** One or more lines for {@code genlab help}, indented as the built-in commands are. */
    String usage();

    /**
     * Runs the command.
     *
     * @param args the arguments after the command's name
     * @return the exit status: 0 success, 1 a failed run, 2 an invalid spec or command line
     */
    int execute(List<String> args, Path workDir, PrintStream out, PrintStream err);

    /** The subcommand named {@code name} on the class path, if any. */
    static Optional<Subcommand> find(String name) {
        return ServiceLoader.load(Subcommand.class).stream().map(ServiceLoader.Provider::get)
                .filter(command -> command.name().equals(name)).findFirst();
    }
}
