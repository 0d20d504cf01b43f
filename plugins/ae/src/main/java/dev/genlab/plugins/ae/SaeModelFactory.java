package dev.genlab.plugins.ae;

import dev.genlab.api.GenLabException;
import dev.genlab.api.Model;
import dev.genlab.api.ModelContext;
import dev.genlab.api.ModelFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The stacked autoencoder: {@code type: sae}. */
final class SaeModelFactory implements ModelFactory<SaeParameters> {
    @Override
    public String name() {
        return "sae";
    }

    @Override
    public String description() {
        return "stacked autoencoder: layer-wise pre-trained encoders under a fine-tuned softmax classifier "
                + "(reference: 784-256-64-10)";
    }

    @Override
    public Class<SaeParameters> parametersType() {
        return SaeParameters.class;
    }

    @Override
    public SaeParameters defaults() {
        return SaeParameters.DEFAULTS;
    }

    @Override
    public List<String> validate(SaeParameters parameters) {
        return parameters.layerSizes().isEmpty() ? List.of("layerSizes: must name at least one layer") : List.of();
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
            throw new GenLabException(GenLabException.Category.CONFIG,
                    "Model 'sae' fine-tunes a classifier and needs a dataset with at least two classes");
        }
    }
}
