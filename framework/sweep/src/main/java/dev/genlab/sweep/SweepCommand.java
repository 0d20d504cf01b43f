package dev.genlab.sweep;

import dev.genlab.cli.Subcommand;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code genlab sweep}: many trials of one spec, as parent and child runs in MLflow. */
public final class SweepCommand implements Subcommand {
    @Override
    public String name() {
        return "sweep";
    }

    @Override
    public String usage() {
        return "Sweeps:" + System.lineSeparator() + SweepArguments.USAGE;
    }

    @Override
    public int execute(List<String> args, Path workDir, PrintStream out, PrintStream err) {
        SweepArguments arguments = SweepArguments.parse(args);
        if (arguments.help()) {
            out.print(usage());
            return 0;
        }
        Sweep sweep = new Sweep(workDir, err, args.contains("--verbose") || args.contains("-v"));
        return arguments.resume().isPresent() ? sweep.resume(arguments) : sweep.start(arguments);
    }
}
