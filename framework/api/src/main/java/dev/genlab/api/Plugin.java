package dev.genlab.api;

import java.util.List;

/**
 * Entry point of a GenLab plugin, found with {@link java.util.ServiceLoader} through a
 * {@code META-INF/services/dev.genlab.api.Plugin} line. A plugin overrides what it contributes.
 */
public interface Plugin {
    default List<DatasetFactory<?>> datasets() {
        return List.of();
    }

    default List<ModelFactory<?>> models() {
        return List.of();
    }
}
