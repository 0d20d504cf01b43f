package dev.genlab.core.spec;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.GenLabException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects every problem of a spec, each with its path and where it came from, to report them together. */
final class Problems {
    /** The most problems listed one by one; a file of 50,000 mistakes is described by its first ones. */
    static final int MAX_LISTED = 50;

    private record Problem(String path, String message, String origin) {
        String render() {
            String where = origin == null ? "" : " (" + origin + ")";
            return path.isEmpty() ? message + where : path + ": " + message + where;
        }

        int line() {
            if (origin != null && origin.startsWith("line ")) {
                return Integer.parseInt(origin.substring(5));
            }
            return Integer.MAX_VALUE;
        }
    }

    private final SpecDocument document;
    private final List<Problem> problems = new ArrayList<>();

    Problems(SpecDocument document) {
        this.document = requireNonNull(document, "document is null");
    }

    /** A problem with the value at {@code path}, located where that value (or its parent) came from. */
    void add(String path, String message) {
        problems.add(new Problem(path, message, document.origin(path).orElse(null)));
    }

    /** A problem that belongs to no value of the spec (a malformed {@code --set}); listed last. */
    void addGeneral(String message) {
        problems.add(new Problem("", message, null));
    }

    int count() {
        return problems.size();
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    List<String> rendered() {
        return problems.stream()
                .sorted(Comparator.comparingInt(Problem::line))
                .map(Problem::render)
                .distinct()
                .toList();
    }

    /** Throws every problem found, the first {@value #MAX_LISTED} of them listed and the rest counted. */
    void throwIfAny() {
        if (!problems.isEmpty()) {
            List<String> lines = rendered();
            String count = lines.size() == 1 ? "1 problem" : SpecLimits.count(lines.size()) + " problems";
            List<String> listed = lines.size() <= MAX_LISTED ? lines : new ArrayList<>(lines.subList(0, MAX_LISTED));
            if (lines.size() > MAX_LISTED) {
                listed.add("and " + SpecLimits.count(lines.size() - MAX_LISTED) + " more");
            }
            throw new GenLabException(GenLabException.Category.CONFIG,
                    "Invalid spec " + document.name() + " (" + count + "):", listed, null);
        }
    }
}
