package dev.genlab.core.testplugin;

import dev.genlab.api.Model;
import dev.genlab.api.ModelContext;
import dev.genlab.api.ModelFactory;
import dev.genlab.api.ModelPlan;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** A model that learns the mean training image by gradient descent: the smallest thing that learns. */
final class MeanImageModelFactory implements ModelFactory<MeanImageParameters> {
    @Override
    public String name() {
        return "mean-image";
    }

    @Override
    public String description() {
        return "learns the mean image by gradient descent (test plugin)";
    }

    @Override
    public MeanImageParameters defaults() {
        return MeanImageParameters.DEFAULTS;
    }

    /** One value per pixel, and the batch's gradient of the same size per example. */
    @Override
    public Optional<ModelPlan> plan(MeanImageParameters parameters, ModelContext context) {
        return Optional.of(ModelPlan.builder().weights(context.shape().pixels())
                .activations(context.shape().pixels()).build());
    }

    @Override
    public Model create(MeanImageParameters parameters, ModelContext context) {
        return new MeanImageModel(parameters, context);
    }

    @Override
    public Model load(MeanImageParameters parameters, ModelContext context, Path directory) throws IOException {
        return MeanImageModel.load(parameters, context, directory);
    }
}
