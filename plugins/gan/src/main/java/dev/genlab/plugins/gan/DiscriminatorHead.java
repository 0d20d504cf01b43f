package dev.genlab.plugins.gan;

import dev.genlab.plugins.gan.GanWeights.Names;
import dev.genlab.support.FloatArrays;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The discriminator's heads on its flattened features, forward and backward, as the DCGAN graphs define them: the
 * real-or-fake logit (a dense unit, plus, for a conditional DCGAN, the features' projection onto the class's
 * embedding), its mean binary cross-entropy against the labels, and a conditional DCGAN's auxiliary classifier, whose
 * cross-entropy counts the real images only (label 1). The generator's step is the same with every label 1.
 *
 * @param loss the binary cross-entropy, plus the classifier's mean cross-entropy over the real images
 * @param probabilities P(real) per image, {@code [n, 1]}
 * @param featureGradient the loss's gradient at the features, {@code [n, features]}
 * @param gradients the heads' weights' gradients, by name
 */
record DiscriminatorHead(double loss, INDArray probabilities, INDArray featureGradient,
        Map<String, INDArray> gradients) {

    /**
     * The heads on {@code features} {@code [n, features]} of images labelled {@code labels} {@code [n, 1]} (1 real,
     * 0 generated) of the classes {@code condition} ({@code [n, classes]} one-hot; null for an unconditional DCGAN),
     * with the discriminator's {@code weights}.
     */
    static DiscriminatorHead of(INDArray features, INDArray condition, INDArray labels, Map<String, INDArray> weights) {
        int n = (int) features.rows();
        INDArray denseWeights = weights.get(Names.D_DENSE_W);
        INDArray logits = features.mmul(denseWeights).addiRowVector(weights.get(Names.D_DENSE_B));
        INDArray embedding = null;
        if (condition != null) {
            embedding = condition.mmul(weights.get(Names.D_PROJECTION));
            logits.addi(features.mul(embedding).sum(true, 1));
        }
        // the mean binary cross-entropy from the logits, in its stable form
        INDArray probabilities = Nd4j.create(DataType.FLOAT, n, 1);
        INDArray logitGradient = Nd4j.create(DataType.FLOAT, n, 1);
        FloatBuffer l = FloatArrays.values(FloatArrays.whole(logits));
        FloatBuffer y = FloatArrays.values(FloatArrays.whole(labels));
        FloatBuffer p = FloatArrays.values(probabilities);
        FloatBuffer g = FloatArrays.values(logitGradient);
        double loss = 0;
        for (int i = 0; i < n; i++) {
            float logit = l.get(i);
            float label = y.get(i);
            float probability = (float) (1 / (1 + Math.exp(-logit)));
            p.put(i, probability);
            g.put(i, (probability - label) / n);
            loss += Math.max(logit, 0) - label * logit + Math.log1p(Math.exp(-Math.abs(logit)));
        }
        loss /= n;
        Map<String, INDArray> gradients = new LinkedHashMap<>();
        gradients.put(Names.D_DENSE_W, features.transpose().mmul(logitGradient));
        gradients.put(Names.D_DENSE_B, logitGradient.sum(0));
        INDArray featureGradient = logitGradient.mmul(denseWeights.transpose());
        if (condition != null) {
            // the projection: logit += sum(features * condition P)
            featureGradient.addi(embedding.mulColumnVector(logitGradient));
            gradients.put(Names.D_PROJECTION, condition.transpose().mmul(features.mulColumnVector(logitGradient)));
            // the auxiliary classifier, weighted 1 / (number of real images) on each real image
            INDArray real = labels.reshape(n, 1).castTo(DataType.FLOAT);
            INDArray share = real.div(real.sumNumber().doubleValue());
            INDArray classLogits = features.mmul(weights.get(Names.D_CLASS_W))
                    .addiRowVector(weights.get(Names.D_CLASS_B));
            INDArray logSoftmax = Transforms.log(Transforms.softmax(classLogits, true), false);
            loss += -logSoftmax.mul(condition).sum(1).mul(share.reshape(n)).sumNumber().doubleValue();
            INDArray classGradient = Transforms.exp(logSoftmax, true).subi(condition).muliColumnVector(share);
            gradients.put(Names.D_CLASS_W, features.transpose().mmul(classGradient));
            gradients.put(Names.D_CLASS_B, classGradient.sum(0));
            featureGradient.addi(classGradient.mmul(weights.get(Names.D_CLASS_W).transpose()));
        }
        return new DiscriminatorHead(loss, probabilities, featureGradient, gradients);
    }
}
