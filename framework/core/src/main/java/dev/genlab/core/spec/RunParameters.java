package dev.genlab.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genlab.api.Optimizer;
import dev.genlab.api.Setting;
import dev.genlab.core.plugin.BoundPlugin;
import dev.genlab.core.plugin.PluginRegistry;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a run records in MLflow about its spec. The parameters are the hyper-parameters the spec chose: the seed,
 * the dataset and model types, the training length, and every dataset, model, batch-size and optimiser value that
 * differs from its default or that a {@code --set} override names (an optimiser's setting only where its kind uses
 * it), so a sweep's axes are parameters of every trial, whatever their value. MLflow prints every parameter above
 * each image card, so a run with a handful of them shows its pictures; values left at their defaults, and what
 * does not change results (directories, mirrors and checksums marked {@link Setting}, threads, checkpoint and
 * tracking options), are in the run's {@code spec.yaml}, the settings also as {@code genlab.setting.} tags.
 * Numbers read as written in a spec: {@code 0.0004}, not {@code 4.0E-4}.
 */
public record RunParameters(Map<String, String> params, Map<String, String> tags) {
    public static final String SETTING_TAG = "genlab.setting.";

    public RunParameters {
        params = Map.copyOf(params);
        tags = Map.copyOf(tags);
    }

    public static RunParameters of(ExperimentConfig config) {
        Map<String, String> params = new LinkedHashMap<>();
        Map<String, String> tags = new LinkedHashMap<>();
        params.put("seed", Long.toString(config.seed()));
        plugin("dataset", config.dataset(), config, params, tags);
        plugin("model", config.model(), config, params, tags);
        TrainingSpec training = config.training();
        training.epochs().ifPresent(epochs -> params.put("training.epochs", epochs.toString()));
        training.iterations().ifPresent(iterations -> params.put("training.iterations", iterations.toString()));
        if (config.overrides("training.batchSize") || training.batchSize() != TrainingSpec.DEFAULTS.batchSize()) {
            params.put("training.batchSize", Integer.toString(training.batchSize()));
        }
        Optimizer optimizer = training.optimizer();
        Optimizer standard = TrainingSpec.DEFAULTS.optimizer();
        for (RecordComponent component : Optimizer.class.getRecordComponents()) {
            Object value = RecordWriter.read(component, optimizer);
            String key = "training.optimizer." + component.getName();
            if (optimizer.uses(component.getName())
                    && (config.overrides(key) || !value.equals(RecordWriter.read(component, standard)))) {
                params.put(key, text(value));
            }
        }
        training.threads().ifPresent(threads -> tags.put(SETTING_TAG + "training.threads", threads.toString()));
        tags.put(SETTING_TAG + "training.checkpointEvery", Long.toString(training.checkpointInterval()));
        TrackingSpec tracking = config.tracking();
        tags.put(SETTING_TAG + "tracking.logEvery", Integer.toString(tracking.logEvery()));
        tags.put(SETTING_TAG + "tracking.imageEvery", Integer.toString(tracking.imageEvery()));
        tags.put(SETTING_TAG + "tracking.testEvery", Integer.toString(tracking.testEvery()));
        tags.put(SETTING_TAG + "tracking.saveModel", Boolean.toString(tracking.saveModel()));
        tags.put(SETTING_TAG + "tracking.scoreSamples", Integer.toString(tracking.scoreSamples()));
        tags.put(SETTING_TAG + "tracking.tstrSamples", Integer.toString(tracking.tstrSamples()));
        tags.put(SETTING_TAG + "tracking.augmentation", Boolean.toString(tracking.augmentation()));
        tags.put(SETTING_TAG + "tracking.systemMetricsEvery", Integer.toString(tracking.systemMetricsEvery()));
        return new RunParameters(params, tags);
    }

    /**
     * The value a run records for the parameter {@code key} when it leaves it at its default, as
     * {@link #of} would write it, for a run whose parameters are {@code params} (its {@code dataset.type} and
     * {@code model.type} name the plugins): empty for keys without a default (the seed, the training length), an
     * unknown plugin or parameter. Runs record only the values that differ from their defaults, so a comparison
     * fills in the others with this.
     */
    public static Optional<String> defaultValue(PluginRegistry registry, Map<String, String> params, String key) {
        int dot = key.indexOf('.');
        String section = dot < 0 ? "" : key.substring(0, dot);
        String name = key.substring(dot + 1);
        Record defaults = switch (section) {
            case "dataset" -> Optional.ofNullable(params.get("dataset.type")).map(registry.datasets()::get)
                    .map(factory -> (Record) factory.defaults()).orElse(null);
            case "model" -> Optional.ofNullable(params.get("model.type")).map(registry.models()::get)
                    .map(factory -> (Record) factory.defaults()).orElse(null);
            case "training" -> name.startsWith("optimizer.") ? TrainingSpec.DEFAULTS.optimizer()
                    : name.equals("batchSize") ? TrainingSpec.DEFAULTS : null;
            default -> null;
        };
        if (defaults == null) {
            return Optional.empty();
        }
        String component = name.startsWith("optimizer.") ? name.substring("optimizer.".length()) : name;
        for (RecordComponent candidate : defaults.getClass().getRecordComponents()) {
            if (candidate.getName().equals(component)) {
                Object value = RecordWriter.read(candidate, defaults);
                return value instanceof Optional<?> optional && optional.isEmpty() ? Optional.empty()
                        : Optional.of(text(value));
            }
        }
        return Optional.empty();
    }

    private static void plugin(String section, BoundPlugin<?> plugin, ExperimentConfig config,
            Map<String, String> params, Map<String, String> tags) {
        params.put(section + ".type", plugin.type());
        Record parameters = plugin.parameters();
        Record defaults = plugin.factory().defaults();
        for (RecordComponent component : parameters.getClass().getRecordComponents()) {
            Object value = RecordWriter.read(component, parameters);
            if (value instanceof Optional<?> optional && optional.isEmpty()) {
                continue;
            }
            String key = section + "." + component.getName();
            if (component.isAnnotationPresent(Setting.class)) {
                tags.put(SETTING_TAG + key, text(value));
            } else if (config.overrides(key) || !value.equals(RecordWriter.read(component, defaults))) {
                params.put(key, text(value));
            }
        }
    }

    /** A value as a spec would write it: numbers in plain notation where short, lists and maps as JSON. */
    static String text(Object value) {
        JsonNode node = RecordWriter.value(value);
        if (node == null) {
            return "";
        }
        if (node.isFloatingPointNumber()) {
            return number(node.doubleValue());
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    static String number(double value) {
        if (value == 0 || Double.isNaN(value) || Double.isInfinite(value)) {
            return value == 0 ? "0" : Double.toString(value);
        }
        BigDecimal decimal = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        if (Math.abs(value) >= 1e-4 && Math.abs(value) < 1e7) {
            return decimal.toPlainString();
        }
        // 1e-08 rather than 0.00000001: mantissa and exponent as a spec would write them
        String mantissa = decimal.unscaledValue().toString();
        int exponent = decimal.precision() - decimal.scale() - 1;
        String digits = mantissa.startsWith("-") ? mantissa.substring(1) : mantissa;
        String sign = mantissa.startsWith("-") ? "-" : "";
        String head = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + head + "e" + exponent;
    }
}
