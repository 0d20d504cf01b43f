package dev.genlab.core.spec;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genlab.api.DatasetFactory;
import dev.genlab.api.DatasetShape;
import dev.genlab.api.ModelFactory;
import dev.genlab.api.PluginFactory;
import dev.genlab.api.Problem;
import dev.genlab.core.plugin.BoundDataset;
import dev.genlab.core.plugin.BoundModel;
import dev.genlab.core.plugin.PluginRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a read spec and its {@code --set} overrides into an {@link ExperimentConfig}, or fails with every
 * problem found, each with its YAML path and line. Reads no data and builds nothing.
 */
public final class SpecBinder {
    private final PluginRegistry registry;
    private final ModelCheck modelCheck;

    public SpecBinder(PluginRegistry registry) {
        this(registry, MemoryBudget.ofThisJvm());
    }

    /** @param budget the memory a model may need for training, checked when the data's shape is known */
    public SpecBinder(PluginRegistry registry, MemoryBudget budget) {
        this.registry = requireNonNull(registry, "registry is null");
        this.modelCheck = new ModelCheck(budget);
    }

    public ExperimentConfig bind(SpecDocument read, List<String> overrides) {
        Problems found = new Problems(read);
        SpecDocument document = Overrides.apply(read, overrides, found);
        Problems problems = new Problems(document);
        problems.addAll(found);
        RecordBinder binder = new RecordBinder(problems);
        ObjectNode root = document.root();

        Optional<ExperimentHeader> header = binder.bind(root, "", ExperimentHeader.class, ExperimentHeader.DEFAULTS,
                Set.of("dataset", "model"));
        checkDuration(root, problems);
        Optional<BoundDataset<?>> dataset = choose(root, "dataset", registry.datasets(), problems)
                .flatMap(factory -> bindDataset(factory, section(root, "dataset"), binder, problems));
        Optional<BoundModel<?>> model = choose(root, "model", registry.models(), problems)
                .flatMap(factory -> bindModel(factory, section(root, "model"), binder, problems));
        problems.throwIfAny();

        ExperimentHeader values = header.orElseThrow();
        checkModelSize(dataset.orElseThrow(), model.orElseThrow(), values, problems);
        problems.throwIfAny();
        String runName = values.run().orElse(model.orElseThrow().type() + "-" + dataset.orElseThrow().type());
        return new ExperimentConfig(values.experiment(), runName, values.description(), values.seed(),
                dataset.orElseThrow(), model.orElseThrow(), values.training(), values.tracking(), read.name(),
                overrides);
    }

    /**
     * Sizes the model for the data, when the dataset plugin knows the data's shape from its parameters: a network
     * that cannot fit is a problem of the spec, found before anything runs.
     */
    private void checkModelSize(BoundDataset<?> dataset, BoundModel<?> model, ExperimentHeader header,
            Problems problems) {
        Optional<DatasetShape> data;
        try {
            data = dataset.shape();
        } catch (IllegalArgumentException e) {
            problems.add("dataset", String.valueOf(e.getMessage()));
            return;
        }
        data.ifPresent(shape -> modelCheck.problems(model, shape, header.training().settings(), header.seed())
                .forEach(problem -> problems.add("model", problem)));
    }

    private static void checkDuration(ObjectNode root, Problems problems) {
        JsonNode training = root.get("training");
        boolean epochs = training != null && training.hasNonNull("epochs");
        boolean iterations = training != null && training.hasNonNull("iterations");
        if (epochs && iterations) {
            problems.add("training.iterations", "set either epochs or iterations, not both");
        } else if (!epochs && !iterations && (training == null || training.isObject())) {
            problems.add("training", "set epochs (passes over the data) or iterations (optimisation steps)");
        }
    }

    /** The factory the section at {@code key} names by its {@code type}, or the problem of naming it. */
    private static <F extends PluginFactory<?>> Optional<F> choose(ObjectNode root, String key, Map<String, F> factories,
            Problems problems) {
        String known = "known " + key + "s: " + (factories.isEmpty() ? "none (no " + key
                + " plugin is on the class path)" : String.join(", ", factories.keySet()));
        JsonNode section = root.get(key);
        if (section == null || section.isNull()) {
            problems.add(key, "required value is missing; " + known);
            return Optional.empty();
        }
        JsonNode typeNode = section.isTextual() ? section : section.get("type");
        String typePath = section.isTextual() ? key : key + ".type";
        if (!section.isTextual() && !section.isObject()) {
            problems.add(key, "expected a mapping with a 'type' key, or a " + key + " name; " + known);
            return Optional.empty();
        }
        if (typeNode == null || typeNode.isNull()) {
            problems.add(typePath, "required value is missing; " + known);
            return Optional.empty();
        }
        if (!typeNode.isTextual()) {
            problems.add(typePath, "expected a " + key + " name; " + known);
            return Optional.empty();
        }
        String type = typeNode.textValue();
        F factory = factories.get(type);
        if (factory == null) {
            String hint = DidYouMean.hint(type, factories.keySet());
            problems.add(typePath, "unknown " + key + " plugin '" + type + "'" + hint + "; " + known);
            return Optional.empty();
        }
        return Optional.of(factory);
    }

    /** The plugin's section when it is a mapping; null for the shorthand {@code model: ae}. */
    private static JsonNode section(ObjectNode root, String key) {
        JsonNode section = root.get(key);
        return section.isObject() ? section : null;
    }

    private static <P extends Record> Optional<BoundDataset<?>> bindDataset(DatasetFactory<P> factory,
            JsonNode section, RecordBinder binder, Problems problems) {
        return parameters(factory, section, "dataset", binder, problems)
                .map(parameters -> new BoundDataset<>(factory, parameters));
    }

    private static <P extends Record> Optional<BoundModel<?>> bindModel(ModelFactory<P> factory, JsonNode section,
            RecordBinder binder, Problems problems) {
        return parameters(factory, section, "model", binder, problems)
                .map(parameters -> new BoundModel<>(factory, parameters));
    }

    /** The factory's parameters bound from {@code section} onto its defaults, when they pass its own checks. */
    private static <P extends Record> Optional<P> parameters(PluginFactory<P> factory, JsonNode section, String key,
            RecordBinder binder, Problems problems) {
        Optional<P> parameters = binder.bind(section, key, factory.parametersType(), factory.defaults(),
                Set.of("type"));
        if (parameters.isEmpty()) {
            return Optional.empty();
        }
        List<Problem> found = factory.validate(parameters.get());
        found.forEach(problem -> problems.add(key, problem));
        return found.isEmpty() ? parameters : Optional.empty();
    }
}
