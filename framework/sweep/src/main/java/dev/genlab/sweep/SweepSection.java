package dev.genlab.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genlab.core.spec.SpecDocument;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a {@link SweepDefinition} from a spec's {@code sweep:} section and the command line, which wins key by
 * key. Every problem is collected, with the line or option it came from, to be reported with the trials' own.
 */
final class SweepSection {
    static final String KEY = "sweep";
    private static final Set<String> KEYS = Set.of("grid", "seeds", "random", "parallel");
    private static final Set<String> RANDOM_KEYS = Set.of("trials", "seed", "ranges", "choices");
    private static final int MAX_PARALLEL = 256;

    private final SpecDocument document;
    private final List<String> problems;

    private SweepSection(SpecDocument document, List<String> problems) {
        this.document = document;
        this.problems = problems;
    }

    /** The definition as far as it could be read, and where the seeds came from; nothing if it is too large. */
    record Result(SweepDefinition definition, String seedsSource) {
    }

    static Optional<Result> read(SpecDocument document, SweepArguments arguments, List<String> problems) {
        return new SweepSection(document, problems).read(arguments);
    }

    private Optional<Result> read(SweepArguments arguments) {
        JsonNode section = document.tree().path(KEY);
        if (!section.isMissingNode() && !section.isObject()) {
            problem(KEY, "expected a mapping (grid, seeds, random, parallel)");
            section = document.tree().missingNode();
        }
        unknownKeys(section, KEY, KEYS);

        List<Axis> grid = new ArrayList<>();
        section.path("grid").fields().forEachRemaining(field -> axis(field, KEY + ".grid").ifPresent(grid::add));
        for (String given : arguments.grid()) {
            cliAxis("--grid", given).ifPresent(axis -> {
                grid.removeIf(existing -> existing.key().equals(axis.key()));
                grid.add(axis);
            });
        }

        List<Long> seeds = new ArrayList<>();
        String seedsSource = "--seeds " + arguments.seeds().orElse("");
        if (arguments.seeds().isPresent()) {
            for (String seed : Values.split(arguments.seeds().get())) {
                wholeNumber(seed, seedsSource).ifPresent(seeds::add);
            }
        } else if (section.has("seeds")) {
            seedsSource = where(KEY + ".seeds");
            JsonNode list = section.get("seeds");
            if (!list.isArray() || list.isEmpty()) {
                problem(KEY + ".seeds", "expected a list of whole numbers, such as [1, 2, 3]");
            }
            for (JsonNode seed : list) {
                if (seed.canConvertToExactIntegral()) {
                    seeds.add(seed.longValue());
                } else {
                    problem(KEY + ".seeds", "expected whole numbers, got '" + seed.asText() + "'");
                }
            }
        }
        if (seeds.stream().distinct().count() < seeds.size()) {
            problems.add(seedsSource + ": a seed is listed twice");
        }
        if (!seeds.isEmpty() && grid.stream().anyMatch(axis -> axis.key().equals("seed"))) {
            problems.add("seed is swept both by seeds and by a grid over 'seed': keep one");
        }

        Optional<SweepDefinition.RandomSearch> random = random(section.path("random"), arguments);
        int parallel = parallel(section, arguments);
        for (Axis axis : grid) {
            forbidden(axis.key(), axis.source());
        }
        // with problems, what could be read is still expanded, so that the trials' own problems are found too
        SweepDefinition definition = new SweepDefinition(grid, seeds, random, parallel);
        long count = SweepPlan.count(definition);
        if (count > SweepPlan.MAX_TRIALS) {
            problems.add("the sweep makes " + count + " trials, more than the " + SweepPlan.MAX_TRIALS
                    + " a sweep may have");
            return Optional.empty();
        }
        return Optional.of(new Result(definition, seedsSource));
    }

    private Optional<SweepDefinition.RandomSearch> random(JsonNode section, SweepArguments arguments) {
        unknownKeys(section, KEY + ".random", RANDOM_KEYS);
        Optional<Long> trials = arguments.random().map(text -> wholeNumber(text, "--random " + text))
                .orElseGet(() -> section.has("trials") ? wholeNumber(section.get("trials").asText(),
                        where(KEY + ".random.trials")) : Optional.empty());
        List<Range> ranges = new ArrayList<>();
        section.path("ranges").fields().forEachRemaining(field -> {
            String path = KEY + ".random.ranges." + field.getKey();
            range(field.getKey(), field.getValue().asText(), where(path)).ifPresent(ranges::add);
        });
        for (String given : arguments.ranges()) {
            int equals = given.indexOf('=');
            if (equals <= 0) {
                problems.add("--range " + given + ": expected key=LOW..HIGH or key=LOW..HIGH:log");
                continue;
            }
            range(given.substring(0, equals).strip(), given.substring(equals + 1), "--range " + given)
                    .ifPresent(range -> {
                        ranges.removeIf(existing -> existing.key().equals(range.key()));
                        ranges.add(range);
                    });
        }
        List<Axis> choices = new ArrayList<>();
        section.path("choices").fields().forEachRemaining(field ->
                axis(field, KEY + ".random.choices").ifPresent(choices::add));
        for (String given : arguments.choices()) {
            cliAxis("--choice", given).ifPresent(axis -> {
                choices.removeIf(existing -> existing.key().equals(axis.key()));
                choices.add(axis);
            });
        }
        Optional<Long> seed = arguments.randomSeed().map(text -> wholeNumber(text, "--random-seed " + text))
                .orElseGet(() -> section.has("seed") ? wholeNumber(section.get("seed").asText(),
                        where(KEY + ".random.seed")) : Optional.of(0L));
        if (trials.isEmpty()) {
            if (!ranges.isEmpty() || !choices.isEmpty()) {
                problems.add("ranges and choices are for random search: give the number of trials with --random N"
                        + " or sweep.random.trials");
            }
            return Optional.empty();
        }
        if (trials.get() < 1) {
            problems.add("random search needs at least 1 trial, got " + trials.get());
        }
        if (ranges.isEmpty() && choices.isEmpty()) {
            problems.add("random search needs something to draw: --range key=LOW..HIGH[:log] or --choice"
                    + " key=v1,v2 (sweep.random.ranges, sweep.random.choices)");
        }
        ranges.forEach(range -> forbidden(range.key(), range.source()));
        choices.forEach(choice -> forbidden(choice.key(), choice.source()));
        return Optional.of(new SweepDefinition.RandomSearch((int) Math.min(trials.get(), Integer.MAX_VALUE),
                seed.orElse(0L), ranges, choices));
    }

    private int parallel(JsonNode section, SweepArguments arguments) {
        Optional<Long> parallel = arguments.parallel().map(text -> wholeNumber(text, "--parallel " + text))
                .orElseGet(() -> section.has("parallel") ? wholeNumber(section.get("parallel").asText(),
                        where(KEY + ".parallel")) : Optional.of(1L));
        if (parallel.isPresent() && (parallel.get() < 1 || parallel.get() > MAX_PARALLEL)) {
            problems.add(arguments.parallel().map(text -> "--parallel " + text).orElse(where(KEY + ".parallel"))
                    + ": trials at once must be from 1 to " + MAX_PARALLEL + ", got " + parallel.get());
            return 1;
        }
        return parallel.orElse(1L).intValue();
    }

    private Optional<Axis> axis(Map.Entry<String, JsonNode> field, String parent) {
        String path = parent + "." + field.getKey();
        JsonNode list = field.getValue();
        if (!list.isArray() || list.isEmpty()) {
            problem(path, "expected a list of the values to try, such as [8, 16, 32]");
            return Optional.empty();
        }
        List<String> values = new ArrayList<>();
        list.forEach(value -> values.add(Values.text(value)));
        return distinct(new Axis(field.getKey(), values, where(path)));
    }

    private Optional<Axis> cliAxis(String option, String given) {
        int equals = given.indexOf('=');
        String source = option + " " + given;
        if (equals <= 0 || given.substring(equals + 1).isBlank()) {
            problems.add(source + ": expected key=v1,v2,..., for example " + option + " model.latentDim=8,16,32");
            return Optional.empty();
        }
        return distinct(new Axis(given.substring(0, equals).strip(), Values.split(given.substring(equals + 1)),
                source));
    }

    private Optional<Axis> distinct(Axis axis) {
        if (axis.values().stream().distinct().count() < axis.values().size()) {
            problems.add(axis.source() + ": a value is listed twice");
            return Optional.empty();
        }
        return Optional.of(axis);
    }

    private Optional<Range> range(String key, String text, String source) {
        String body = text.strip();
        boolean log = body.endsWith(":log");
        if (log) {
            body = body.substring(0, body.length() - ":log".length());
        }
        int dots = body.indexOf("..");
        try {
            if (dots < 0) {
                throw new NumberFormatException();
            }
            String low = body.substring(0, dots).strip();
            String high = body.substring(dots + 2).strip();
            boolean integer = isWhole(low) && isWhole(high);
            Range range = new Range(key, Double.parseDouble(low), Double.parseDouble(high), log, integer, source);
            Optional<String> problem = range.problem();
            if (problem.isPresent()) {
                problems.add(source + ": " + problem.get());
                return Optional.empty();
            }
            return Optional.of(range);
        } catch (NumberFormatException e) {
            problems.add(source + ": expected a range LOW..HIGH, or LOW..HIGH:log for log-uniform, got '" + text
                    + "'");
            return Optional.empty();
        }
    }

    private void forbidden(String key, String source) {
        if (key.equals("experiment") || key.startsWith("tracking.") || key.equals("tracking")) {
            problems.add(source + ": '" + key + "' cannot be swept: a sweep's runs share one experiment and one"
                    + " tracking server");
        }
    }

    private Optional<Long> wholeNumber(String text, String source) {
        try {
            return Optional.of(Long.parseLong(text.strip().replace("_", "")));
        } catch (NumberFormatException e) {
            problems.add(source + ": expected a whole number, got '" + text + "'");
            return Optional.empty();
        }
    }

    private void unknownKeys(JsonNode section, String path, Set<String> known) {
        for (Iterator<String> keys = section.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!known.contains(key)) {
                problem(path + "." + key, "unknown key (a sweep section has " + String.join(", ",
                        known.stream().sorted().toList()) + ")");
            }
        }
    }

    private static boolean isWhole(String text) {
        return text.matches("[-+]?[0-9]+");
    }

    private void problem(String path, String message) {
        problems.add(path + ": " + message + document.origin(path).map(origin -> " (" + origin + ")").orElse(""));
    }

    private String where(String path) {
        return path + document.origin(path).map(origin -> " (" + origin + ")").orElse("");
    }
}
