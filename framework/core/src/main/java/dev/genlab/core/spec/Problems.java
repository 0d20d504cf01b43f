package dev.genlab.core.spec;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Problem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Collects every problem of a spec, each with its path and where it came from, to report them together. */
final class Problems {
    /** The most problems listed one by one; a file of 50,000 mistakes is described by its first ones. */
    static final int MAX_LISTED = 50;

    private final SpecDocument document;
    private final List<SpecProblem> problems = new ArrayList<>();

    Problems(SpecDocument document) {
        this.document = requireNonNull(document, "document is null");
    }

    /** A problem with the value at {@code path}, located where that value (or its parent) came from. */
    void add(String path, String message) {
        problems.add(new SpecProblem(path, message, document.origin(path)));
    }

    /** A plugin's problem, found in the section at {@code section} ({@code model}). */
    void add(String section, Problem problem) {
        add(problem.key().isEmpty() ? section : RecordBinder.join(section, problem.key()), problem.message());
    }

    /** A problem that belongs to no value of the spec (a malformed {@code --set}); listed last. */
    void addGeneral(String message) {
        problems.add(new SpecProblem("", message, Optional.empty()));
    }

    /** These problems, found against another document (the spec before its overrides), as they are. */
    void addAll(Problems found) {
        problems.addAll(found.problems);
    }

    int count() {
        return problems.size();
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    /** The problems in the order of the spec's lines, the same problem once. */
    List<SpecProblem> sorted() {
        return problems.stream()
                .sorted(Comparator.comparingInt(problem -> problem.line().orElse(Integer.MAX_VALUE)))
                .distinct()
                .toList();
    }

    /** Throws every problem found, the first {@value #MAX_LISTED} of them listed and the rest counted. */
    void throwIfAny() {
        if (!problems.isEmpty()) {
            List<SpecProblem> found = sorted();
            List<String> lines = found.stream().map(SpecProblem::toString).distinct().toList();
            String count = lines.size() == 1 ? "1 problem" : SpecLimits.count(lines.size()) + " problems";
            List<String> listed = lines.size() <= MAX_LISTED ? lines : new ArrayList<>(lines.subList(0, MAX_LISTED));
            if (lines.size() > MAX_LISTED) {
                listed.add("and " + SpecLimits.count(lines.size() - MAX_LISTED) + " more");
            }
            throw new InvalidSpecException("Invalid spec " + document.name() + " (" + count + "):", listed, found);
        }
    }
}
