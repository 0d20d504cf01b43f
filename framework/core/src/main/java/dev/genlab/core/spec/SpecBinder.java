package dev.genlab.core.spec;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genlab.api.DatasetFactory;
import dev.genlab.api.DatasetShape;
import dev.genlab.api.PluginFactory;
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
        Problems problems = new Problems(read);
        SpecDocument document = Overrides.apply(read, overrides, problems);
        problems = rebase(problems, document);
        RecordBinder binder = new RecordBinder(problems);
        ObjectNode root = document.root();

        Optional<ExperimentHeader> header = binder.bind(root, "", ExperimentHeader.class, ExperimentHeader.DEFAULTS,
                Set.of("dataset", "model"));
        checkDuration(root, problems);
        Optional<PluginSelection> dataset = plugin(root, "dataset", "dataset", registry.datasets(), binder, problems);
        Optional<PluginSelection> model = plugin(root, "model", "model", registry.models(), binder, problems);
        problems.throwIfAny();

        ExperimentHeader values = header.orElseThrow();
        checkModelSize(dataset.orElseThrow(), model.orElseThrow(), values, problems);
        problems.throwIfAny();
        String runName = values.run().orElse(model.orElseThrow().type() + "-" + dataset.orElseThrow().type());
        return new ExperimentConfig(values.experiment(), runName, values.description(), values.seed(),
                dataset.orElseThrow(), model.orElseThrow(), values.training(), values.tracking(), read.name());
    }

    /**
     * Sizes the model for the data, when the dataset plugin knows the data's shape from its parameters: a network
     * that cannot fit is a problem of the spec, found before anything runs.
     */
    private void checkModelSize(PluginSelection dataset, PluginSelection model, ExperimentHeader header,
            Problems problems) {
        Optional<DatasetShape> data;
        try {
            data = shape(registry.datasets().get(dataset.type()), dataset.parameters());
        } catch (IllegalArgumentException e) {
            addProblem("dataset", e.getMessage(), problems);
            return;
        }
        data.ifPresent(shape ->
                modelCheck.problems(registry.models().get(model.type()), model.parameters(), shape,
                        header.training().settings(), header.seed()).forEach(problem -> addProblem("model", problem,
                        problems)));
    }

    private static <P extends Record> Optional<DatasetShape> shape(DatasetFactory<P> factory, Record parameters) {
        return factory.shape(factory.parametersType().cast(parameters));
    }

    /** A plugin's problem: {@code "key: message"} belongs to that parameter, other sentences to the section. */
    private static void addProblem(String section, String problem, Problems problems) {
        int colon = problem.indexOf(':');
        if (colon > 0 && !problem.substring(0, colon).contains(" ")) {
            problems.add(section + "." + problem.substring(0, colon), problem.substring(colon + 1).strip());
        } else {
            problems.add(section, problem);
        }
    }

    /** Problems found while applying overrides, carried over to the overridden document. */
    private static Problems rebase(Problems found, SpecDocument document) {
        Problems rebased = new Problems(document);
        found.rendered().forEach(rebased::addGeneral);
        return rebased;
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

    private static <F extends PluginFactory<?>> Optional<PluginSelection> plugin(ObjectNode root, String key,
            String kind, Map<String, F> factories, RecordBinder binder, Problems problems) {
        String known = "known " + kind + "s: " + (factories.isEmpty() ? "none (no " + kind
                + " plugin is on the class path)" : String.join(", ", factories.keySet()));
        JsonNode section = root.get(key);
        if (section == null || section.isNull()) {
            problems.add(key, "required value is missing; " + known);
            return Optional.empty();
        }
        JsonNode typeNode = section.isTextual() ? section : section.get("type");
        String typePath = section.isTextual() ? key : key + ".type";
        if (!section.isTextual() && !section.isObject()) {
            problems.add(key, "expected a mapping with a 'type' key, or a " + kind + " name; " + known);
            return Optional.empty();
        }
        if (typeNode == null || typeNode.isNull()) {
            problems.add(typePath, "required value is missing; " + known);
            return Optional.empty();
        }
        if (!typeNode.isTextual()) {
            problems.add(typePath, "expected a " + kind + " name; " + known);
            return Optional.empty();
        }
        String type = typeNode.textValue();
        F factory = factories.get(type);
        if (factory == null) {
            String hint = DidYouMean.hint(type, factories.keySet());
            problems.add(typePath, "unknown " + kind + " plugin '" + type + "'" + hint + "; " + known);
            return Optional.empty();
        }
        PluginFactory<?> chosen = factory;
        return bindParameters(section.isObject() ? section : null, key, chosen, binder, problems)
                .map(parameters -> new PluginSelection(type, parameters));
    }

    private static <P extends Record> Optional<Record> bindParameters(JsonNode section, String key,
            PluginFactory<P> factory, RecordBinder binder, Problems problems) {
        Optional<P> parameters = binder.bind(section, key, factory.parametersType(), factory.defaults(),
                Set.of("type"));
        if (parameters.isEmpty()) {
            return Optional.empty();
        }
        List<String> found = factory.validate(parameters.get());
        found.forEach(problem -> addProblem(key, problem, problems));
        return found.isEmpty() ? Optional.of(parameters.get()) : Optional.empty();
    }
}
