package dev.genlab.cli;

import dev.genlab.api.GenLabException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The command line, parsed: a command, its spec file, {@code --set} overrides and flags. */
record Arguments(String command, Optional<String> spec, List<String> overrides, Map<String, String> options,
        boolean verbose) {
    private static final List<String> VALUED_OPTIONS = List.of("--count", "--seed", "--out", "--port", "--resume",
            "--tracking-uri", "--name", "--labels");

    static final String USAGE = """
            Usage: genlab <command> [options]

            Commands:
              run SPEC [--set key=value]...       validate SPEC, train, and track the run in MLflow
              run --resume RUN_ID                 go on with a stopped run (Ctrl-C, SIGTERM, a crash)
                                                  from its last checkpoint, in the same MLflow run;
                                                  RUN_ID is its MLflow id or its local id
              validate SPEC [--set key=value]...  check SPEC and print it with every default filled in
              sample MODEL [--count N] [--seed S] [--out FILE] [--labels 0-9|3,5,7] [--tracking-uri URI]
                                                  generate N images (or reconstructions) with a saved
                                                  run's model into a PNG grid or an IDX file; MODEL is a
                                                  directory holding a run's spec.yaml and model/, or a
                                                  model in MLflow: runs:/RUN_ID/model, models:/NAME/VERSION
                                                  or models:/NAME/latest; --labels: a conditional model's
                                                  images of these classes, N split evenly, with
                                                  X-labels-idx1-ubyte beside X-images-idx3-ubyte (a grid:
                                                  one row per class)
              register runs:/RUN_ID/model --name NAME [--tracking-uri URI]
                                                  register a run's model in MLflow's model registry as a
                                                  new version of NAME
              sync [RUN_DIR] [--set tracking.uri=URI]
                                                  send what runs left unsent (a run's journal directory,
                                                  or every run under .genlab/runs) to their MLflow server,
                                                  or to URI
              ui [DIR] [--port N]                 serve the MLflow UI on the runs stored in DIR (default:
                                                  here) at http://127.0.0.1:5000 until Ctrl-C
              plugins                             list dataset and model plugins with their parameters
              help                                show this text

            Options:
              --set key=value   override a spec value by its dotted path (--set model.hiddenSizes=[64])
              --tracking-uri    the MLflow server of runs:/ and models:/ (default: MLFLOW_TRACKING_URI, else
                                the local store in this directory, as for run)
              --verbose         print stack traces and debug output
            """;

    static Arguments parse(String[] args) {
        List<String> positional = new ArrayList<>();
        List<String> overrides = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        boolean verbose = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--set")) {
                if (i + 1 >= args.length) {
                    throw usage("--set needs a value: --set key=value");
                }
                overrides.add(args[++i]);
            } else if (arg.startsWith("--set=")) {
                overrides.add(arg.substring("--set=".length()));
            } else if (VALUED_OPTIONS.contains(arg)) {
                if (i + 1 >= args.length) {
                    throw usage(arg + " needs a value");
                }
                options.put(arg.substring(2), args[++i]);
            } else if (arg.equals("--verbose") || arg.equals("-v")) {
                verbose = true;
            } else if (arg.equals("--help") || arg.equals("-h")) {
                positional.add(0, "help");
            } else if (arg.startsWith("-")) {
                throw usage("unknown option " + arg);
            } else {
                positional.add(arg);
            }
        }
        if (positional.isEmpty()) {
            return new Arguments("help", Optional.empty(), overrides, Map.copyOf(options), verbose);
        }
        String command = positional.get(0);
        if (positional.size() > 2) {
            throw usage("too many arguments: " + String.join(" ", positional.subList(2, positional.size())));
        }
        return new Arguments(command, positional.size() > 1 ? Optional.of(positional.get(1)) : Optional.empty(),
                List.copyOf(overrides), Map.copyOf(options), verbose);
    }

    String requireSpec() {
        return spec.orElseThrow(() -> usage("'" + command + "' needs a spec file: genlab " + command
                + " experiments/ae-mnist.yaml"));
    }

    /** A whole-number option from {@code min} to {@code max}, or its default. */
    long number(String option, long defaultValue, long min, long max) {
        String text = options.get(option);
        if (text == null) {
            return defaultValue;
        }
        try {
            long value = Long.parseLong(text.strip().replace("_", ""));
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        String range = max == Long.MAX_VALUE ? ">= " + min
                : String.format(java.util.Locale.ROOT, "from %,d to %,d", min, max);
        throw usage("--" + option + " takes a whole number " + range + ", got '" + text + "'");
    }

    static GenLabException usage(String message) {
        return new GenLabException(GenLabException.Category.CONFIG, message + System.lineSeparator()
                + System.lineSeparator() + USAGE.strip());
    }
}
