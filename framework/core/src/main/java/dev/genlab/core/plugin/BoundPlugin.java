package dev.genlab.core.plugin;

import dev.genlab.api.PluginFactory;

/** A plugin chosen by a spec's {@code type}, with its bound parameters. */
public sealed interface BoundPlugin<P extends Record> permits BoundDataset, BoundModel {
    PluginFactory<P> factory();

    P parameters();

    /** The name the spec chose it by. */
    default String type() {
        return factory().name();
    }
}
