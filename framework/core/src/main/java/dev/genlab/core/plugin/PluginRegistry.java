package dev.genlab.core.plugin;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.DatasetFactory;
import dev.genlab.api.GenLabException;
import dev.genlab.api.ModelFactory;
import dev.genlab.api.Plugin;
import dev.genlab.api.PluginFactory;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The dataset and model factories contributed by the plugins on the class path, by the name used in
 * YAML. Built before anything else so that a spec can be validated against it.
 */
public final class PluginRegistry {
    private final Map<String, DatasetFactory<?>> datasets;
    private final Map<String, ModelFactory<?>> models;

    private PluginRegistry(Map<String, DatasetFactory<?>> datasets, Map<String, ModelFactory<?>> models) {
        this.datasets = Collections.unmodifiableMap(new TreeMap<>(datasets));
        this.models = Collections.unmodifiableMap(new TreeMap<>(models));
    }

    /** Every plugin that {@link ServiceLoader} finds on the class path of {@code loader}. */
    public static PluginRegistry discover(ClassLoader loader) {
        try {
            return of(ServiceLoader.load(Plugin.class, loader).stream().map(ServiceLoader.Provider::get).toList());
        } catch (ServiceConfigurationError e) {
            throw new GenLabException(GenLabException.Category.PLUGIN, "A plugin could not be loaded: "
                    + e.getMessage() + " (check its META-INF/services/" + Plugin.class.getName() + " entry)", e);
        }
    }

    public static PluginRegistry discover() {
        return discover(Thread.currentThread().getContextClassLoader());
    }

    public static PluginRegistry of(List<Plugin> plugins) {
        Map<String, DatasetFactory<?>> datasets = new TreeMap<>();
        Map<String, ModelFactory<?>> models = new TreeMap<>();
        for (Plugin plugin : plugins) {
            for (DatasetFactory<?> factory : plugin.datasets()) {
                register(datasets, factory, "dataset", plugin);
            }
            for (ModelFactory<?> factory : plugin.models()) {
                register(models, factory, "model", plugin);
            }
        }
        return new PluginRegistry(datasets, models);
    }

    private static <F extends PluginFactory<?>> void register(Map<String, F> map, F factory, String kind,
            Plugin plugin) {
        requireNonNull(factory, () -> plugin.getClass().getName() + " contributed a null " + kind + " factory");
        F previous = map.putIfAbsent(factory.name(), factory);
        if (previous != null) {
            throw new GenLabException(GenLabException.Category.PLUGIN, "Two " + kind + " plugins are named '"
                    + factory.name() + "': " + previous.getClass().getName() + " and " + factory.getClass().getName()
                    + "; remove one of them from the class path");
        }
    }

    public Map<String, DatasetFactory<?>> datasets() {
        return datasets;
    }

    public Map<String, ModelFactory<?>> models() {
        return models;
    }
}
