package dev.genlab.plugins.vae;

import dev.genlab.api.Model;
import dev.genlab.api.ModelContext;
import dev.genlab.api.ModelFactory;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The convolutional variational autoencoder: {@code type: vae}. */
final class VaeModelFactory implements ModelFactory<VaeParameters> {
    @Override
    public String name() {
        return "vae";
    }

    @Override
    public String description() {
        return "convolutional VAE (reference: conv 32-64 stride 2, latent 16, mirrored transposed convs, "
                + "0.5 x SSE + KL)";
    }

    @Override
    public Class<VaeParameters> parametersType() {
        return VaeParameters.class;
    }

    @Override
    public VaeParameters defaults() {
        return VaeParameters.DEFAULTS;
    }

    @Override
    public List<String> validate(VaeParameters parameters) {
        if (parameters.filters().isEmpty()) {
            return List.of("filters: must name at least one convolution");
        }
        return List.of();
    }

    @Override
    public Model create(VaeParameters parameters, ModelContext context) {
        VaeNetwork network = VaeNetwork.create(VaeGraph.build(parameters, context.shape(), context.seed()),
                context.training().optimizer().toUpdater());
        return new VaeModel(network, parameters, context);
    }

    @Override
    public Model load(VaeParameters parameters, ModelContext context, Path directory) throws IOException {
        if (!Files.isRegularFile(directory.resolve(VaeNetwork.FILE))) {
            throw new FileNotFoundException("no saved VAE in " + directory + " (" + VaeNetwork.FILE + ")");
        }
        return new VaeModel(VaeNetwork.load(directory), parameters, context);
    }
}
