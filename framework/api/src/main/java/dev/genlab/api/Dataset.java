package dev.genlab.api;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A loaded image dataset: a training and a test split of flattened images with pixels in [0, 1].
 *
 * @param name the dataset's name as logged (for example {@code mnist})
 * @param shape the shape of one image
 * @param classes the class names, index = label
 * @param train the training split
 * @param test the test split
 * @param source where the data came from (a directory or URL), for tracking
 * @param digest a short digest of the data files, for tracking and reproducibility
 */
public record Dataset(String name, ImageShape shape, List<String> classes, Split train, Split test, String source,
        String digest) {
    public Dataset {
        requireNonNull(name, "name is null");
        requireNonNull(shape, "shape is null");
        classes = List.copyOf(classes);
        requireNonNull(train, "train is null");
        requireNonNull(test, "test is null");
        requireNonNull(source, "source is null");
        requireNonNull(digest, "digest is null");
        if (train.features().columns() != shape.pixels() || test.features().columns() != shape.pixels()) {
            throw new IllegalArgumentException("splits must hold images of " + shape.pixels() + " pixels");
        }
    }

    public int numClasses() {
        return classes.size();
    }
}
