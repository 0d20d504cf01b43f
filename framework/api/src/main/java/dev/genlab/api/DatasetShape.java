package dev.genlab.api;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a dataset holds, without its pixels: enough to size a model before anything is read or built.
 *
 * @param image the shape of one image
 * @param classes the class names, index = label
 * @param trainSize images in the training split
 * @param testSize images in the test split
 */
public record DatasetShape(ImageShape image, List<String> classes, int trainSize, int testSize) {
    public DatasetShape {
        requireNonNull(image, "image is null");
        classes = List.copyOf(classes);
        if (trainSize < 0 || testSize < 0) {
            throw new IllegalArgumentException("split sizes must not be negative: " + trainSize + ", " + testSize);
        }
    }

    /** The shape of a loaded dataset. */
    public static DatasetShape of(Dataset data) {
        return new DatasetShape(data.shape(), data.classes(), data.train().size(), data.test().size());
    }
}
