package dev.genlab.api;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The one error type a user sees: a category and a message to act on, with every problem listed when
 * there are several (a spec with three mistakes reports all three).
 */
public class GenLabException extends RuntimeException {
    /** Where the problem lies. */
    public enum Category {
        CONFIG, DATA, PLUGIN, TRACKING, BACKEND, TRAINING
    }

    private final Category category;
    private final List<String> problems;

    public GenLabException(Category category, String message) {
        this(category, message, List.of(), null);
    }

    public GenLabException(Category category, String message, Throwable cause) {
        this(category, message, List.of(), cause);
    }

    public GenLabException(Category category, String message, List<String> problems, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.category = requireNonNull(category, "category is null");
        this.problems = List.copyOf(problems);
    }

    public Category category() {
        return category;
    }

    /** The individual problems behind the message, each on its own; empty for a single problem. */
    public List<String> problems() {
        return problems;
    }

    /** The message followed by one problem per line, as the CLI prints it. */
    public String describe() {
        StringBuilder text = new StringBuilder(getMessage());
        for (String problem : problems) {
            text.append(System.lineSeparator()).append("  - ").append(problem);
        }
        return text.toString();
    }
}
