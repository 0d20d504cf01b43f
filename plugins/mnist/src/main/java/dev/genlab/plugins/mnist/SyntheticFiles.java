package dev.genlab.plugins.mnist;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.GenLabException;
import dev.genlab.api.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A labelled set of generated images, as {@code genlab sample --labels} writes it: an IDX file of images and, beside
 * it, its labels, named by MNIST's rule ({@code X-images-idx3-ubyte[.gz]} has {@code X-labels-idx1-ubyte[.gz]}).
 *
 * @param images the images file, absolute
 * @param labels the labels file beside it
 */
record SyntheticFiles(Path images, Path labels) {
    private static final Pattern IMAGES_NAME = Pattern.compile("(.*)images-idx3-ubyte(\\.gz)?");
    /** Labels are read as any unsigned byte, so that those outside the classes are counted, not just the first. */
    private static final int ANY_BYTE = 256;
    static final String NAMING = "X-images-idx3-ubyte[.gz], with its labels in X-labels-idx1-ubyte[.gz] beside it";

    SyntheticFiles {
        requireNonNull(images, "images is null");
        requireNonNull(labels, "labels is null");
    }

    /** The files of the images file {@code images} (relative to the working directory) when it is named by the rule. */
    static Optional<SyntheticFiles> of(Path images) {
        Path absolute = images.toAbsolutePath().normalize();
        Matcher name = IMAGES_NAME.matcher(absolute.getFileName().toString());
        if (!name.matches()) {
            return Optional.empty();
        }
        String gz = name.group(2) == null ? "" : name.group(2);
        return Optional.of(new SyntheticFiles(absolute, absolute.resolveSibling(name.group(1) + "labels-idx1-ubyte"
                + gz)));
    }

    /**
     * What the files hold, or why they cannot serve as training images of {@code variant}: reads the images'
     * header and every label, not the pixels, so it is cheap enough for {@code genlab validate}.
     *
     * @param key the parameter the files came from, for the problems' keys
     */
    static Inspection inspect(Path given, Variant variant, String key) {
        Optional<SyntheticFiles> found = of(given);
        Path images = given.toAbsolutePath().normalize();
        if (!Files.isRegularFile(images)) {
            return Inspection.problem(key, images + " does not exist");
        }
        if (found.isEmpty()) {
            return Inspection.problem(key, images.getFileName() + " is not named " + NAMING
                    + ", so its labels cannot be found");
        }
        SyntheticFiles files = found.get();
        if (!Files.isRegularFile(files.labels())) {
            return Inspection.problem(key, "the labels of " + images + " are missing: expected "
                    + files.labels().getFileName() + " beside it");
        }
        List<Problem> problems = new ArrayList<>();
        IdxReader.ImagesHeader header;
        int[] labels;
        try {
            header = new IdxReader(images).imagesHeader();
            labels = new IdxReader(files.labels()).labels(ANY_BYTE);
        } catch (GenLabException e) {
            return Inspection.problem(key, e.getMessage());
        }
        int classes = variant.classes().size();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= classes) {
                int at = i;
                long outside = Arrays.stream(labels).filter(label -> label >= classes).count();
                problems.add(Problem.of(key, String.format(Locale.ROOT, "%s: label %d at index %,d is not a class of"
                        + " %s (0-%d); %,d labels are outside", files.labels(), labels[at], at, variant.name(),
                        classes - 1, outside)));
                break;
            }
        }
        String expected = DatasetLoader.SHAPE.channels() + "x" + DatasetLoader.SHAPE.height() + "x"
                + DatasetLoader.SHAPE.width();
        if (!header.size().equals(expected)) {
            problems.add(Problem.of(key, images + " holds images of " + header.size() + ", " + variant.name()
                    + "'s are " + expected));
        }
        if (header.count() != labels.length) {
            problems.add(Problem.of(key, String.format(Locale.ROOT, "%s holds %,d images but %s holds %,d labels;"
                    + " the two files do not belong together", images, header.count(), files.labels().getFileName(),
                    labels.length)));
        }
        return new Inspection(Optional.of(files), header.count(), labels, problems);
    }

    /**
     * The result of {@link #inspect}.
     *
     * @param files the files, when they were found
     * @param count how many images the images file holds (0 when unknown)
     * @param labels the labels, when they could be read
     * @param problems what makes the files unusable; empty when they are fine
     */
    record Inspection(Optional<SyntheticFiles> files, int count, int[] labels, List<Problem> problems) {
        Inspection {
            requireNonNull(files, "files is null");
            requireNonNull(labels, "labels is null");
            problems = List.copyOf(problems);
        }

        static Inspection problem(String key, String message) {
            return new Inspection(Optional.empty(), 0, new int[0], List.of(Problem.of(key, message)));
        }
    }
}
