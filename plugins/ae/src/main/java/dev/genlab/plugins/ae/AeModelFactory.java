package dev.genlab.plugins.ae;

import dev.genlab.api.Model;
import dev.genlab.api.ModelContext;
import dev.genlab.api.ModelFactory;
import dev.genlab.api.ModelPlan;
import dev.genlab.api.Problem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The dense autoencoder: {@code type: ae}. */
final class AeModelFactory implements ModelFactory<AeParameters> {
    @Override
    public String name() {
        return "ae";
    }

    @Override
    public String description() {
        return "dense autoencoder (reference: 784-32-784, ReLU/sigmoid, MSE)";
    }

    /** Its images are reconstructions of test images. */
    @Override
    public boolean reconstructs() {
        return true;
    }

    @Override
    public AeParameters defaults() {
        return AeParameters.DEFAULTS;
    }

    @Override
    public List<Problem> validate(AeParameters parameters) {
        return parameters.problems();
    }

    @Override
    public Optional<ModelPlan> plan(AeParameters parameters, ModelContext context) {
        return Optional.of(DensePlans.autoencoder(ModelPlan.builder(), context.shape().pixels(),
                parameters.hiddenSizes()).build());
    }

    @Override
    public Model create(AeParameters parameters, ModelContext context) {
        return AutoencoderModel.create(parameters, Corruption.NONE, context);
    }

    @Override
    public Model load(AeParameters parameters, ModelContext context, Path directory) throws IOException {
        return AutoencoderModel.load(parameters, Corruption.NONE, context, directory);
    }
}
