package dev.genlab.plugins.gan;

import dev.genlab.api.Model;
import dev.genlab.api.ModelContext;
import dev.genlab.api.ModelFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The DCGAN: {@code type: gan}. */
final class GanModelFactory implements ModelFactory<GanParameters> {
    @Override
    public String name() {
        return "gan";
    }

    @Override
    public String description() {
        return "DCGAN (reference: z of 32 uniform values, transposed-conv generator, 3-conv discriminator, BCE)";
    }

    @Override
    public Class<GanParameters> parametersType() {
        return GanParameters.class;
    }

    @Override
    public GanParameters defaults() {
        return GanParameters.DEFAULTS;
    }

    @Override
    public List<String> validate(GanParameters parameters) {
        List<String> problems = new ArrayList<>();
        if (parameters.generatorFilters() % 4 != 0) {
            problems.add("generatorFilters: must be a multiple of 4 (the transposed convolutions have a half and "
                    + "a quarter of them), got " + parameters.generatorFilters());
        }
        return problems;
    }

    @Override
    public Model create(GanParameters parameters, ModelContext context) {
        return new GanModel(dcgan(parameters, context), parameters, context);
    }

    /**
     * Restores the weights of both networks, the generator's moving statistics and both optimisers' state and
     * iteration counts, so that training continues exactly where the saved model stopped. A model saved without
     * optimiser state (by an older GenLab) loads for generating only: training it fails with a message.
     */
    @Override
    public Model load(GanParameters parameters, ModelContext context, Path directory) throws IOException {
        Dcgan gan = dcgan(parameters, context);
        gan.restore(directory);
        return new GanModel(gan, parameters, context);
    }

    private static Dcgan dcgan(GanParameters parameters, ModelContext context) {
        return new Dcgan(new Architecture(parameters, context.shape()), context.training().optimizer());
    }
}
