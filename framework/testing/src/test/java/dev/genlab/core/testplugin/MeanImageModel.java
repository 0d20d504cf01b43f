package dev.genlab.core.testplugin;

import dev.genlab.api.Batch;
import dev.genlab.api.Dataset;
import dev.genlab.api.ModelContext;
import dev.genlab.api.RunLog;
import dev.genlab.api.SingleStageModel;
import dev.genlab.api.Split;
import dev.genlab.support.ImageGrid;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** One image m, trained by SGD on the per-pixel squared error between m and each batch. */
final class MeanImageModel implements SingleStageModel {
    private static final String FILE = "mean.bin";
    private final MeanImageParameters parameters;
    private final ModelContext context;
    private final INDArray mean;
    private final boolean loaded;
    private long steps;

    MeanImageModel(MeanImageParameters parameters, ModelContext context) {
        this(parameters, context, Nd4j.valueArrayOf(new long[] {1, context.shape().pixels()},
                parameters.initialValue(), DataType.FLOAT), 0);
    }

    private MeanImageModel(MeanImageParameters parameters, ModelContext context, INDArray mean, long steps) {
        this.parameters = parameters;
        this.context = context;
        this.mean = mean;
        this.steps = steps;
        this.loaded = steps > 0;
    }

    /** The model {@link #save} wrote: the mean image and the step count. */
    static MeanImageModel load(MeanImageParameters parameters, ModelContext context, Path directory)
            throws IOException {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(directory.resolve(FILE)))) {
            long steps = in.readLong();
            return new MeanImageModel(parameters, context, Nd4j.read(in), steps);
        }
    }

    @Override
    public Map<String, Double> fit(Batch batch) {
        steps++;
        double loss = mse(batch.features());
        INDArray gradient = mean.sub(batch.features().mean(true, 0)).muli(2);
        if (parameters.gradientNoise() > 0) {
            gradient.addi(Nd4j.randn(DataType.FLOAT, gradient.shape()).muli(parameters.gradientNoise()));
        }
        if (!loaded && parameters.crashAtStep().map(step -> step == steps).orElse(false)) {
            throw new IllegalStateException("simulated crash at step " + steps);
        }
        if (parameters.interruptAtStep().map(step -> step == steps).orElse(false)) {
            Thread.currentThread().interrupt();
        }
        mean.subi(gradient.muli(context.training().optimizer().learningRate()));
        if (parameters.nanAtStep().map(step -> step == steps).orElse(false)) {
            loss = Double.NaN;
        }
        return Map.of("loss", loss);
    }

    @Override
    public Map<String, Double> validate(Split test) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("mse", mse(test.features()));
        return metrics;
    }

    @Override
    public Map<String, Double> evaluate(Dataset data, RunLog log, long step) {
        log.image("mean", ImageGrid.of(mean, context.shape(), 1, 4), 0);
        Map<String, Double> metrics = new LinkedHashMap<>(validate(data.test()));
        metrics.put("steps", (double) steps);
        return metrics;
    }

    @Override
    public INDArray generate(int count, Split inputs, long seed) {
        return Nd4j.repeat(mean, count).reshape(count, context.shape().pixels());
    }

    @Override
    public void save(Path directory) throws IOException {
        Files.createDirectories(directory);
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(directory.resolve(FILE)))) {
            out.writeLong(steps);
            Nd4j.write(mean, out);
        }
    }

    private double mse(INDArray images) {
        INDArray diff = images.subRowVector(mean);
        return diff.muli(diff).meanNumber().doubleValue();
    }
}
