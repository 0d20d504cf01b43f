package dev.genlab.compare;

import dev.genlab.api.GenLabException;
import dev.genlab.tracking.TrackingUri;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code genlab compare}'s command line: which runs (ids, an experiment's, or a sweep's children), where their
 * server is, where the report goes and whether it is logged to MLflow.
 */
record CompareArguments(List<String> runIds, Optional<String> experiment, Optional<Integer> last,
        Optional<String> parent, Optional<URI> trackingUri, Optional<Path> out, boolean log, boolean help) {
    static final String USAGE = """
              compare RUN_ID RUN_ID... | --experiment NAME [--last N] | --parent RUN_ID
                      [--tracking-uri URI] [--out FILE] [--no-log]
                                                  runs side by side: the parameters that differ and the
                                                  final metrics (best marked) on the console, and an HTML
                                                  report with curves and last images (default
                                                  genlab-compare-<time>.html), logged to MLflow: to the
                                                  sweep's parent run with --parent, else to a new run
                                                  tagged genlab.kind=comparison (--no-log: not logged)
            """;
    private static final int MAX_LAST = 100_000;

    CompareArguments {
        runIds = List.copyOf(runIds);
    }

    static CompareArguments parse(List<String> args) {
        List<String> ids = new ArrayList<>();
        Optional<String> experiment = Optional.empty();
        Optional<Integer> last = Optional.empty();
        Optional<String> parent = Optional.empty();
        Optional<URI> trackingUri = Optional.empty();
        Optional<Path> out = Optional.empty();
        boolean log = true;
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--experiment" -> experiment = Optional.of(value(args, ++i, arg));
                case "--last" -> last = Optional.of(count(value(args, ++i, arg)));
                case "--parent" -> parent = Optional.of(value(args, ++i, arg));
                case "--tracking-uri" -> trackingUri = Optional.of(uri(value(args, ++i, arg)));
                case "--out" -> out = Optional.of(Path.of(value(args, ++i, arg)));
                case "--no-log" -> log = false;
                case "--verbose", "-v" -> { }
                case "--help", "-h" -> help = true;
                default -> {
                    if (arg.startsWith("-")) {
                        throw usage("unknown option " + arg);
                    }
                    ids.add(arg);
                }
            }
        }
        CompareArguments arguments = new CompareArguments(ids, experiment, last, parent, trackingUri, out, log, help);
        if (!help) {
            arguments.check();
        }
        return arguments;
    }

    private void check() {
        int sources = (runIds.isEmpty() ? 0 : 1) + (experiment.isPresent() ? 1 : 0) + (parent.isPresent() ? 1 : 0);
        if (sources == 0) {
            throw usage("name the runs to compare: run ids, --experiment NAME or --parent RUN_ID");
        }
        if (sources > 1) {
            throw usage("name the runs one way: run ids, --experiment NAME or --parent RUN_ID, not several");
        }
        if (last.isPresent() && experiment.isEmpty()) {
            throw usage("--last N goes with --experiment NAME");
        }
        if (runIds.size() == 1) {
            throw usage("one run id (" + runIds.get(0) + ") is nothing to compare: name two or more");
        }
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size() || args.get(index).isBlank()) {
            throw usage(option + " needs a value");
        }
        return args.get(index);
    }

    private static int count(String text) {
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= 2 && value <= MAX_LAST) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw usage(String.format("--last takes a whole number from 2 to %,d, got '%s'", MAX_LAST, text));
    }

    private static URI uri(String text) {
        try {
            return TrackingUri.parse(text);
        } catch (IllegalArgumentException e) {
            throw usage("--tracking-uri must be the http(s) address of an MLflow server such as"
                    + " http://127.0.0.1:5000: " + e.getMessage());
        }
    }

    static GenLabException usage(String message) {
        return new GenLabException(GenLabException.Category.CONFIG, "genlab compare: " + message
                + " (see `genlab compare --help`)");
    }
}
