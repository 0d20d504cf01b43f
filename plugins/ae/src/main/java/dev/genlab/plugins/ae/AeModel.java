package dev.genlab.plugins.ae;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Batch;
import dev.genlab.api.Dataset;
import dev.genlab.api.ImageGrid;
import dev.genlab.api.Model;
import dev.genlab.api.ModelContext;
import dev.genlab.api.RunLog;
import dev.genlab.api.Split;
import dev.genlab.api.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The dense autoencoder as a GenLab model: one stage that learns to reproduce its input. */
final class AeModel implements Model, Stage {
    private static final int GRID_COLUMNS = 16;

    private final MultiLayerNetwork network;
    private final AeParameters parameters;
    private final ModelContext context;

    AeModel(MultiLayerNetwork network, AeParameters parameters, ModelContext context) {
        this.network = requireNonNull(network, "network is null");
        this.parameters = requireNonNull(parameters, "parameters is null");
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public List<Stage> stages() {
        return List.of(this);
    }

    @Override
    public String name() {
        return "train";
    }

    @Override
    public Map<String, Double> fit(Batch batch) {
        network.fit(batch.features(), batch.features());
        return Map.of("loss", network.score());
    }

    @Override
    public Map<String, Double> validate(Split test) {
        Reconstruction.Errors errors = Reconstruction.errors(network, test);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("loss", parameters.loss() == AeParameters.ReconstructionLoss.MSE ? errors.mse() : errors.bce());
        metrics.put("mse", errors.mse());
        return metrics;
    }

    @Override
    public Map<String, Double> evaluate(Dataset data, RunLog log) {
        Split test = data.test();
        Map<String, Double> metrics = new LinkedHashMap<>(validate(test));
        metrics.put("mse_mean_image", Reconstruction.meanImageMse(data.train(), test));
        Batch shown = test.head(GRID_COLUMNS);
        INDArray rows = Nd4j.vstack(shown.features(), network.output(shown.features(), false));
        log.image("reconstructions", ImageGrid.of(rows, context.shape(), GRID_COLUMNS, 2), 0);
        return metrics;
    }

    @Override
    public INDArray generate(int count, Split inputs, long seed) {
        return network.output(inputs.head(count).features(), false);
    }

    @Override
    public void save(Path directory) throws IOException {
        Files.createDirectories(directory);
        ModelSerializer.writeModel(network, directory.resolve(AeModelFactory.MODEL_FILE).toFile(), true);
    }

    @Override
    public void close() {
        network.close();
    }
}
