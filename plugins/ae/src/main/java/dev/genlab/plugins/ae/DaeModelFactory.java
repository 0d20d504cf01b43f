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

/** The denoising autoencoder: {@code type: dae}. */
final class DaeModelFactory implements ModelFactory<DaeParameters> {
    @Override
    public String name() {
        return "dae";
    }

    @Override
    public String description() {
        return "denoising autoencoder: the ae network mapping a corrupted image to the clean one "
                + "(reference: 784-32-784, input x + 0.55 N(0, 1))";
    }

    /** Its images are reconstructions of test images. */
    @Override
    public boolean reconstructs() {
        return true;
    }

    @Override
    public DaeParameters defaults() {
        return DaeParameters.DEFAULTS;
    }

    @Override
    public List<Problem> validate(DaeParameters parameters) {
        return parameters.network().problems();
    }

    /** The autoencoder's network, and the corrupted copy of each input. */
    @Override
    public Optional<ModelPlan> plan(DaeParameters parameters, ModelContext context) {
        return Optional.of(DensePlans.autoencoder(ModelPlan.builder(), context.shape().pixels(),
                parameters.hiddenSizes()).activations(context.shape().pixels()).build());
    }

    @Override
    public Model create(DaeParameters parameters, ModelContext context) {
        return AutoencoderModel.create(parameters.network(), parameters.corruption(), context);
    }

    @Override
    public Model load(DaeParameters parameters, ModelContext context, Path directory) throws IOException {
        return AutoencoderModel.load(parameters.network(), parameters.corruption(), context, directory);
    }
}
