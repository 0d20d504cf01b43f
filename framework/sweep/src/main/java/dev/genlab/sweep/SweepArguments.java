package dev.genlab.sweep;

import dev.genlab.api.GenLabException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The command line of {@code genlab sweep}, parsed; values are checked later, with the spec's sweep section. */
record SweepArguments(Optional<String> spec, List<String> overrides, List<String> grid, Optional<String> seeds,
        Optional<String> random, Optional<String> randomSeed, List<String> ranges, List<String> choices,
        Optional<String> parallel, Optional<String> spark, Optional<String> resume, boolean help) {

    static final String USAGE = """
              sweep SPEC [--grid key=v1,v2]... [--seeds 1,2,3] [--parallel N] [--set key=value]...
                                                  many trials of SPEC, each the spec with overrides, as one
                                                  parent run and a child run per trial in MLflow
                    [--random N [--range key=LOW..HIGH[:log]]... [--choice key=v1,v2]... [--random-seed S]]
                                                  N random configurations (log-uniform with :log)
                    [--spark MASTER]              run the trials as Spark tasks (local[2], spark://host:7077,
                                                  yarn, k8s://...); needs a remote MLflow tracking server
              sweep --resume PARENT_RUN_ID [--parallel N] [--spark MASTER]
                                                  run the trials of a stopped sweep that did not finish,
                                                  resuming those with checkpoints
            """;

    static SweepArguments parse(List<String> args) {
        Optional<String> spec = Optional.empty();
        List<String> overrides = new ArrayList<>();
        List<String> grid = new ArrayList<>();
        List<String> ranges = new ArrayList<>();
        List<String> choices = new ArrayList<>();
        String seeds = null;
        String random = null;
        String randomSeed = null;
        String parallel = null;
        String spark = null;
        String resume = null;
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--verbose", "-v" -> { }
                case "--help", "-h" -> help = true;
                case "--set" -> overrides.add(value(args, ++i, arg));
                case "--grid" -> grid.add(value(args, ++i, arg));
                case "--range" -> ranges.add(value(args, ++i, arg));
                case "--choice" -> choices.add(value(args, ++i, arg));
                case "--seeds" -> seeds = value(args, ++i, arg);
                case "--random" -> random = value(args, ++i, arg);
                case "--random-seed" -> randomSeed = value(args, ++i, arg);
                case "--parallel" -> parallel = value(args, ++i, arg);
                case "--spark" -> spark = value(args, ++i, arg);
                case "--resume" -> resume = value(args, ++i, arg);
                default -> {
                    if (arg.startsWith("-")) {
                        throw usage("unknown option " + arg);
                    }
                    if (spec.isPresent()) {
                        throw usage("too many arguments: " + arg);
                    }
                    spec = Optional.of(arg);
                }
            }
        }
        SweepArguments parsed = new SweepArguments(spec, overrides, grid, Optional.ofNullable(seeds),
                Optional.ofNullable(random), Optional.ofNullable(randomSeed), ranges, choices,
                Optional.ofNullable(parallel), Optional.ofNullable(spark), Optional.ofNullable(resume), help);
        if (!help && parsed.resume().isPresent() == spec.isPresent()) {
            throw usage(spec.isPresent() ? "'sweep --resume PARENT_RUN_ID' takes no spec: the sweep goes on as it"
                    + " was defined" : "'sweep' needs a spec file: genlab sweep experiments/ae-mnist-quick.yaml"
                    + " --seeds 1,2,3");
        }
        if (parsed.resume().isPresent() && parsed.definesTrials()) {
            throw usage("'sweep --resume' takes only --parallel and --spark: the trials are the ones the sweep"
                    + " started with");
        }
        return parsed;
    }

    boolean definesTrials() {
        return !overrides.isEmpty() || !grid.isEmpty() || seeds.isPresent() || random.isPresent()
                || randomSeed.isPresent() || !ranges.isEmpty() || !choices.isEmpty();
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size()) {
            throw usage(option + " needs a value");
        }
        return args.get(index);
    }

    static GenLabException usage(String message) {
        return new GenLabException(GenLabException.Category.CONFIG, message + System.lineSeparator()
                + System.lineSeparator() + "Usage: genlab" + USAGE.stripTrailing().replaceFirst("^ +", " "));
    }
}
