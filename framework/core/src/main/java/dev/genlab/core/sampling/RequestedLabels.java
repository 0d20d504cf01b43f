package dev.genlab.core.sampling;

import dev.genlab.api.GenLabException;
import dev.genlab.api.Split;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * The classes {@code genlab sample --labels} asks a conditional model for ({@code 0-9} or {@code 3,5,7}), and the
 * balanced label sequence made from them: {@code count} split evenly over the classes (the first classes of the
 * list get one more when it does not divide), shuffled for an IDX file, class by class for a PNG grid.
 */
public record RequestedLabels(List<Integer> classes) {
    /** The most classes one IDX label file can name: its labels are unsigned bytes. */
    private static final int MAX_CLASS = 255;
    private static final String IMAGES = "images-idx3-ubyte";
    private static final String LABELS = "labels-idx1-ubyte";

    public RequestedLabels {
        classes = List.copyOf(classes);
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("no classes");
        }
    }

    /** {@code --labels} as typed: a range {@code 0-9} or a list {@code 3,5,7} of class numbers. */
    public static RequestedLabels parse(String text) {
        String trimmed = text.strip();
        Set<Integer> classes = new LinkedHashSet<>();
        try {
            if (trimmed.matches("\\d+\\s*-\\s*\\d+")) {
                String[] ends = trimmed.split("-");
                int first = Integer.parseInt(ends[0].strip());
                int last = Integer.parseInt(ends[1].strip());
                if (last < first || last > MAX_CLASS) {
                    throw invalid(text);
                }
                for (int c = first; c <= last; c++) {
                    classes.add(c);
                }
            } else if (trimmed.matches("\\d+(\\s*,\\s*\\d+)*")) {
                for (String part : trimmed.split(",")) {
                    int label = Integer.parseInt(part.strip());
                    if (label > MAX_CLASS || !classes.add(label)) {
                        throw invalid(text);
                    }
                }
            } else {
                throw invalid(text);
            }
        } catch (NumberFormatException e) {
            throw invalid(text);
        }
        return new RequestedLabels(new ArrayList<>(classes));
    }

    /** Refuses classes the model does not make: it makes {@code modelClasses}, numbered from 0. */
    void check(int modelClasses, String model) {
        for (int label : classes) {
            if (label >= modelClasses) {
                throw new GenLabException(GenLabException.Category.CONFIG, String.format(Locale.ROOT, "--labels: "
                        + "class %d is not one of model '%s''s %d classes (0-%d)", label, model, modelClasses,
                        modelClasses - 1));
            }
        }
    }

    /** {@code count} labels, balanced: class by class in the order given ({@code blocked}) or shuffled by {@code seed}. */
    int[] sequence(int count, boolean blocked, long seed) {
        int[] labels = new int[count];
        int k = classes.size();
        int filled = 0;
        for (int i = 0; i < k; i++) {
            int n = count / k + (i < count % k ? 1 : 0);
            for (int j = 0; j < n; j++) {
                labels[filled++] = classes.get(i);
            }
        }
        if (blocked) {
            return labels;
        }
        int[] order = Split.permutation(count, new Random(seed));
        int[] shuffled = new int[count];
        for (int i = 0; i < count; i++) {
            shuffled[i] = labels[order[i]];
        }
        return shuffled;
    }

    /**
     * Where the labels of an IDX image file go, by MNIST's naming: {@code X-images-idx3-ubyte[.gz]} gives
     * {@code X-labels-idx1-ubyte[.gz]}.
     */
    static Path labelsFile(Path images) {
        String name = images.getFileName() == null ? "" : images.getFileName().toString();
        int at = name.lastIndexOf(IMAGES);
        if (at < 0) {
            throw new GenLabException(GenLabException.Category.CONFIG, "--out " + images + ": with --labels, name the"
                    + " IDX file like MNIST's, with '" + IMAGES + "' in it (train-images-idx3-ubyte.gz), so that the"
                    + " labels go beside it (train-labels-idx1-ubyte.gz)");
        }
        return images.resolveSibling(name.substring(0, at) + LABELS + name.substring(at + IMAGES.length()));
    }

    private static GenLabException invalid(String text) {
        return new GenLabException(GenLabException.Category.CONFIG, "--labels '" + text + "': give a range (0-9) or"
                + " a list (3,5,7) of different class numbers from 0 to " + MAX_CLASS);
    }
}
