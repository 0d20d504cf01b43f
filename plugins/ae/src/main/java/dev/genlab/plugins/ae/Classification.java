package dev.genlab.plugins.ae;

import dev.genlab.api.Batch;
import dev.genlab.api.Split;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A classifier's scores on a whole split, computed in batches to bound memory.
 *
 * @param loss the mean cross-entropy per image
 * @param confusion the counts of true against predicted classes
 */
record Classification(double loss, ConfusionMatrix confusion) {
    private static final double EPSILON = 1e-7;

    static Classification of(MultiLayerNetwork classifier, Split split, List<String> classes) {
        ConfusionMatrix.Counter counter = new ConfusionMatrix.Counter(classes);
        double crossEntropy = 0;
        for (Batch batch : split.batches(Reconstruction.BATCH)) {
            INDArray probabilities = classifier.output(batch.features(), false);
            INDArray logs = Transforms.log(Transforms.max(probabilities, EPSILON));
            crossEntropy -= logs.mul(batch.oneHotLabels(classes.size())).castTo(DataType.DOUBLE).sumNumber()
                    .doubleValue();
            counter.add(batch.labels(), probabilities.argMax(1).toIntVector());
        }
        return new Classification(crossEntropy / split.size(), counter.matrix());
    }
}
