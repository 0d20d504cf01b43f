package dev.genlab.plugins.ae;

import dev.genlab.api.ModelContext;
import dev.genlab.support.Updaters;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** Builds the plugin's dense networks: autoencoders with a mirrored decoder, and the SAE's classifier. */
final class DenseNetworks {
    private DenseNetworks() {
    }

    /** The {@code ae} and {@code dae} network: pixels -> hidden sizes -> mirrored -> pixels. */
    static MultiLayerNetwork autoencoder(AeParameters parameters, ModelContext context) {
        return autoencoder(context.shape().pixels(), parameters.hiddenSizes(), parameters.activation().toDl4j(),
                parameters.outputActivation().toDl4j(), parameters.loss().toDl4j(), context);
    }

    /** {@code inputs -> hiddenSizes -> mirrored -> inputs}, the output layer as wide as the input. */
    static MultiLayerNetwork autoencoder(int inputs, List<Integer> hiddenSizes, Activation hidden, Activation output,
            LossFunction loss, ModelContext context) {
        List<Integer> sizes = new ArrayList<>(hiddenSizes);
        for (int i = hiddenSizes.size() - 2; i >= 0; i--) {
            sizes.add(hiddenSizes.get(i));
        }
        return build(inputs, sizes, hidden, new OutputLayer.Builder(loss).nOut(inputs).activation(output), context);
    }

    /** {@code inputs -> hiddenSizes -> softmax over the classes}, trained with cross-entropy. */
    static MultiLayerNetwork classifier(int inputs, List<Integer> hiddenSizes, Activation hidden,
            ModelContext context) {
        return build(inputs, hiddenSizes, hidden, new OutputLayer.Builder(LossFunction.MCXENT)
                .nOut(context.numClasses()).activation(Activation.SOFTMAX), context);
    }

    private static MultiLayerNetwork build(int inputs, List<Integer> sizes, Activation hidden,
            OutputLayer.Builder output, ModelContext context) {
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(context.seed())
                .dataType(DataType.FLOAT)
                .updater(Updaters.of(context.training().optimizer()))
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .list();
        int in = inputs;
        for (int size : sizes) {
            layers.layer(new DenseLayer.Builder().nIn(in).nOut(size).activation(hidden).build());
            in = size;
        }
        layers.layer(output.nIn(in).build());
        MultiLayerNetwork network = new MultiLayerNetwork(layers.build());
        network.init();
        return network;
    }
}
