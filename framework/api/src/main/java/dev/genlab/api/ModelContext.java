package dev.genlab.api;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What the runner tells a model plugin about the experiment.
 *
 * @param shape the shape of one input image
 * @param classes the dataset's class names (index = label), for models that use labels
 * @param training the training settings of the spec
 * @param seed the experiment's seed; ND4J's global generator is seeded with it before {@code create}
 */
public record ModelContext(ImageShape shape, List<String> classes, TrainingSettings training, long seed) {
    public ModelContext {
        requireNonNull(shape, "shape is null");
        classes = List.copyOf(classes);
        requireNonNull(training, "training is null");
    }

    public int numClasses() {
        return classes.size();
    }
}
