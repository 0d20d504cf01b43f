package dev.genlab.api;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * What the runner tells a dataset plugin.
 *
 * @param dataRoot where datasets live when the spec names no directory: {@code GENLAB_DATA_DIR}, else a
 *     per-user cache directory; a plugin keeps its files in a sub-directory named after itself
 * @param seed the experiment's seed, for deterministic shuffling and subsets
 * @param messages where to report long work such as downloads
 */
public record DatasetContext(Path dataRoot, long seed, Consumer<String> messages) {
    public DatasetContext {
        requireNonNull(dataRoot, "dataRoot is null");
        requireNonNull(messages, "messages is null");
    }
}
