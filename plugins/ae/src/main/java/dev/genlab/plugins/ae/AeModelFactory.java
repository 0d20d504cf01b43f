package dev.genlab.plugins.ae;

import dev.genlab.api.Model;
import dev.genlab.api.ModelContext;
import dev.genlab.api.ModelFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/** The dense autoencoder: {@code type: ae}. */
final class AeModelFactory implements ModelFactory<AeParameters> {
    static final String MODEL_FILE = "model.zip";

    @Override
    public String name() {
        return "ae";
    }

    @Override
    public String description() {
        return "dense autoencoder (reference: 784-32-784, ReLU/sigmoid, MSE)";
    }

    @Override
    public Class<AeParameters> parametersType() {
        return AeParameters.class;
    }

    @Override
    public AeParameters defaults() {
        return AeParameters.DEFAULTS;
    }

    @Override
    public List<String> validate(AeParameters parameters) {
        List<String> problems = new ArrayList<>();
        if (parameters.hiddenSizes().isEmpty()) {
            problems.add("hiddenSizes: must name at least one layer (the code size)");
        }
        if (parameters.loss() == AeParameters.ReconstructionLoss.BCE
                && parameters.outputActivation() != AeParameters.OutputActivation.SIGMOID) {
            problems.add("loss: bce needs outputActivation: sigmoid");
        }
        return problems;
    }

    @Override
    public Model create(AeParameters parameters, ModelContext context) {
        return new AeModel(DenseAutoencoder.build(parameters, context), parameters, context);
    }

    @Override
    public Model load(AeParameters parameters, ModelContext context, Path directory) throws IOException {
        MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(directory.resolve(MODEL_FILE).toFile(),
                true);
        return new AeModel(network, parameters, context);
    }
}
