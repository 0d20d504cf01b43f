package dev.genlab.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genlab.api.GenLabException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads YAML into a {@link SpecDocument}, remembering the line of every key and value, so that every
 * later message can say where the problem is. The text is checked against {@link SpecLimits} before it is
 * parsed.
 */
public final class SpecReader {
    private SpecReader() {
    }

    public static SpecDocument read(Path file) {
        String name = file.toString();
        if (Files.isDirectory(file)) {
            throw new GenLabException(GenLabException.Category.CONFIG, "Spec file " + name
                    + " is a directory: name a YAML file");
        }
        byte[] bytes;
        try {
            if (Files.isRegularFile(file) && Files.size(file) > SpecLimits.MAX_BYTES) {
                throw tooLarge(name, Files.size(file));
            }
            try (InputStream in = Files.newInputStream(file)) {
                // bounded: a device or a pipe has no size to check first
                bytes = in.readNBytes(SpecLimits.MAX_BYTES + 1);
            }
        } catch (NoSuchFileException e) {
            throw new GenLabException(GenLabException.Category.CONFIG, "Spec file not found: " + name);
        } catch (AccessDeniedException e) {
            throw new GenLabException(GenLabException.Category.CONFIG, "Cannot read spec file " + name
                    + ": permission denied");
        } catch (IOException e) {
            throw new GenLabException(GenLabException.Category.CONFIG, "Cannot read spec file " + name + ": "
                    + e.getMessage(), e);
        }
        if (bytes.length > SpecLimits.MAX_BYTES) {
            throw tooLarge(name, bytes.length);
        }
        SpecText.Decoded decoded = SpecText.decode(bytes);
        if (!decoded.ok()) {
            throw invalid(name, decoded.problem());
        }
        return compose(name, decoded.text());
    }

    /** Parses {@code text}; {@code name} stands for it in messages. */
    public static SpecDocument parse(String name, String text) {
        if (text.length() > SpecLimits.MAX_BYTES) {
            throw tooLarge(name, text.length());
        }
        SpecText.check(text).ifPresent(problem -> {
            throw invalid(name, problem);
        });
        return compose(name, text);
    }

    /**
     * The value of one {@code --set} override, read as YAML.
     *
     * @throws IllegalArgumentException with a one-line message when it is not a value a spec can hold
     */
    static JsonNode parseValue(String text) {
        if (text.length() > SpecLimits.MAX_LINE_LENGTH) {
            throw new IllegalArgumentException("the value is longer than "
                    + SpecLimits.count(SpecLimits.MAX_LINE_LENGTH) + " characters");
        }
        SpecText.check(text).ifPresent(problem -> {
            throw new IllegalArgumentException(problem.replaceFirst("^line 1, ", ""));
        });
        try {
            SpecComposer.Composed composed = SpecComposer.compose(text);
            if (!composed.problems().isEmpty()) {
                throw new IllegalArgumentException(composed.problems().get(0));
            }
            return composed.root() == null ? JsonNodeFactory.instance.nullNode() : composed.root();
        } catch (SpecComposer.Failure e) {
            throw new IllegalArgumentException(e.getMessage().replaceFirst("^line 1: ", ""));
        } catch (YAMLException e) {
            throw new IllegalArgumentException("the value is not valid YAML: " + problem(e, false));
        }
    }

    private static SpecDocument compose(String name, String text) {
        SpecComposer.Composed composed;
        try {
            composed = SpecComposer.compose(text);
        } catch (SpecComposer.Failure e) {
            throw invalid(name, e.getMessage());
        } catch (YAMLException e) {
            throw invalid(name, "malformed YAML" + problem(e, true));
        }
        if (composed.root() == null) {
            throw invalid(name, "the spec is empty");
        }
        if (!(composed.root() instanceof ObjectNode root)) {
            throw invalid(name, "a spec is a YAML mapping (key: value lines), but the document starts with a "
                    + describe(composed.root()) + " (line " + composed.line() + ")");
        }
        if (!composed.problems().isEmpty()) {
            throw new GenLabException(GenLabException.Category.CONFIG, "Invalid spec " + name + ":",
                    composed.problems(), null);
        }
        return new SpecDocument(name, root, composed.origins());
    }

    /** What the YAML parser found wrong, on one line, with where (for a file: " at line L, column C: ..."). */
    private static String problem(YAMLException e, boolean file) {
        if (e instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            Mark at = marked.getProblemMark();
            String where = file ? " at line " + (at.getLine() + 1) + ", column " + (at.getColumn() + 1) + ": " : "";
            String text = where + firstLine(marked.getProblem());
            Mark context = marked.getContextMark();
            if (marked.getContext() != null && context != null && context.getLine() != at.getLine()) {
                text += " (" + firstLine(marked.getContext()) + " started at line " + (context.getLine() + 1)
                        + ", column " + (context.getColumn() + 1) + ")";
            }
            return file ? text : text + " (column " + (at.getColumn() + 1) + ")";
        }
        return (file ? ": " : "") + firstLine(e.getMessage());
    }

    private static String describe(JsonNode node) {
        if (node.isArray()) {
            return "list";
        }
        return node.isTextual() ? "plain text" : "single value";
    }

    private static String firstLine(String message) {
        String text = message == null ? "" : message.strip();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static GenLabException tooLarge(String name, long bytes) {
        return invalid(name, "the file has " + SpecLimits.count(bytes) + " bytes; a spec may have at most "
                + SpecLimits.count(SpecLimits.MAX_BYTES));
    }

    private static GenLabException invalid(String name, String problem) {
        return new GenLabException(GenLabException.Category.CONFIG, "Invalid spec " + name + ":", List.of(problem), null);
    }
}
