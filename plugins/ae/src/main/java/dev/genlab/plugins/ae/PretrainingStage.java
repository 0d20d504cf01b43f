package dev.genlab.plugins.ae;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Batch;
import dev.genlab.api.Split;
import dev.genlab.api.Stage;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Greedy pre-training of one layer of the stack: its autoencoder learns the codes of the frozen layers below. */
final class PretrainingStage implements Stage {
    private final EncoderStack stack;
    private final int layer;

    PretrainingStage(EncoderStack stack, int layer) {
        this.stack = requireNonNull(stack, "stack is null");
        this.layer = layer;
    }

    @Override
    public String name() {
        return "layer" + (layer + 1);
    }

    @Override
    public Map<String, Double> fit(Batch batch) {
        return Map.of("loss", stack.fit(layer, stack.encode(batch.features(), layer)));
    }

    /** The reconstruction error of this layer's input, pixels for the first layer and codes above it. */
    @Override
    public Map<String, Double> validate(Split test) {
        INDArray codes = stack.encode(test.features(), layer);
        MultiLayerNetwork autoencoder = stack.layer(layer);
        return Map.of("mse", Reconstruction.errors(input -> autoencoder.output(input, false), codes, codes).mse());
    }
}
