package dev.genlab.plugins.ae;

import dev.genlab.api.ModelContext;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Builds the encoder-decoder stack: pixels -> hidden sizes -> mirrored -> pixels. */
final class DenseAutoencoder {
    private DenseAutoencoder() {
    }

    static MultiLayerNetwork build(AeParameters parameters, ModelContext context) {
        List<Integer> sizes = new ArrayList<>(parameters.hiddenSizes());
        for (int i = parameters.hiddenSizes().size() - 2; i >= 0; i--) {
            sizes.add(parameters.hiddenSizes().get(i));
        }
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(context.seed())
                .dataType(DataType.FLOAT)
                .updater(context.training().optimizer().toUpdater())
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .list();
        int in = context.shape().pixels();
        for (int size : sizes) {
            layers.layer(new DenseLayer.Builder().nIn(in).nOut(size).activation(parameters.activation().toDl4j())
                    .build());
            in = size;
        }
        LossFunctions.LossFunction loss = parameters.loss() == AeParameters.ReconstructionLoss.MSE
                ? LossFunctions.LossFunction.MSE : LossFunctions.LossFunction.XENT;
        layers.layer(new OutputLayer.Builder(loss).nIn(in).nOut(context.shape().pixels())
                .activation(parameters.outputActivation().toDl4j()).build());
        MultiLayerConfiguration configuration = layers.build();
        MultiLayerNetwork network = new MultiLayerNetwork(configuration);
        network.init();
        return network;
    }
}
