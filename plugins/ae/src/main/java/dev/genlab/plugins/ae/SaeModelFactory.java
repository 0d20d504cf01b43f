package dev.genlab.plugins.ae;

import dev.genlab.api.GenLabException;
import dev.genlab.api.Model;
import dev.genlab.api.ModelContext;
import dev.genlab.api.ModelFactory;
import dev.genlab.api.ModelPlan;
import dev.genlab.api.Problem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The stacked autoencoder: {@code type: sae}. */
final class SaeModelFactory implements ModelFactory<SaeParameters> {
    private static final String NEEDS_CLASSES = "'sae' fine-tunes a classifier and needs a dataset with at least two classes";

    @Override
    public String name() {
        return "sae";
    }

    @Override
    public String description() {
        return "stacked autoencoder: layer-wise pre-trained encoders under a fine-tuned softmax classifier "
                + "(reference: 784-256-64-10)";
    }

    /** Its images are reconstructions of test images. */
    @Override
    public boolean reconstructs() {
        return true;
    }

    @Override
    public SaeParameters defaults() {
        return SaeParameters.DEFAULTS;
    }

    @Override
    public List<Problem> validate(SaeParameters parameters) {
        return parameters.layerSizes().isEmpty() ? List.of(Problem.of("layerSizes", "must name at least one layer"))
                : List.of();
    }

    /** One autoencoder per layer, each on the codes of the one before, and the classifier over them all. */
    @Override
    public Optional<ModelPlan> plan(SaeParameters parameters, ModelContext context) {
        if (context.numClasses() < 2) {
            return Optional.of(ModelPlan.invalid(Problem.general(NEEDS_CLASSES)));
        }
        ModelPlan.Builder plan = ModelPlan.builder();
        int inputs = context.shape().pixels();
        for (int size : parameters.layerSizes()) {
            DensePlans.autoencoder(plan, inputs, List.of(size));
            inputs = size;
        }
        return Optional.of(DensePlans.classifier(plan, context.shape().pixels(), parameters.layerSizes(),
                context.numClasses()).build());
    }

    @Override
    public Model create(SaeParameters parameters, ModelContext context) {
        requireClasses(context);
        return StackedAutoencoder.create(parameters, context);
    }

    @Override
    public Model load(SaeParameters parameters, ModelContext context, Path directory) throws IOException {
        requireClasses(context);
        return StackedAutoencoder.load(parameters, context, directory);
    }

    private static void requireClasses(ModelContext context) {
        if (context.numClasses() < 2) {
            throw new GenLabException(GenLabException.Category.CONFIG, "Model " + NEEDS_CLASSES);
        }
    }
}
