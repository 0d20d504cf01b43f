package dev.genlab.core.spec;

import dev.genlab.api.GenLabException;
import java.util.List;

/** A spec that failed validation, with every problem found as a value (path, message, line). */
public final class InvalidSpecException extends GenLabException {
    private final transient List<SpecProblem> found;

    InvalidSpecException(String message, List<String> listed, List<SpecProblem> found) {
        super(Category.CONFIG, message, listed, null);
        this.found = List.copyOf(found);
    }

    /** Every problem, in the order of the spec's lines. */
    public List<SpecProblem> found() {
        return found;
    }
}
