package dev.genlab.evaluation;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Batch;
import dev.genlab.api.ImageShape;
import dev.genlab.api.Split;
import dev.genlab.support.GraphCalls;
import dev.genlab.support.SameDiffGraphs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The classifier GenLab trains per dataset to judge generated images: a small convolutional network (3x3
 * convolutions of 32 and 64 filters at stride 2, a dense layer of {@value #FEATURES} units, softmax). Its dense
 * layer's activations are the feature space of the Frechet distance and of precision and recall; its predictions
 * give class coverage and label agreement. Scores are comparable between runs judged by the same classifier, that
 * is on the same dataset; its test accuracy is logged beside them.
 */
public final class EvaluationClassifier {
    private static final int PROGRESS_LINES = 10;
    /** Width of the feature layer. */
    public static final int FEATURES = 128;
    static final String FILE = "classifier.sd";
    private static final String INPUT = "input";
    private static final String LABELS = "labels";
    private static final String FEATURE_LAYER = "features";
    private static final String PROBABILITIES = "probabilities";
    private static final String LOSS = "loss";
    private static final int KERNEL = 3;
    private static final int BATCH = 128;
    /** Images per forward pass when judging, to bound the activations' memory. */
    private static final int CHUNK = 256;

    private final SameDiff sd;

    private EvaluationClassifier(SameDiff sd) {
        this.sd = requireNonNull(sd, "sd is null");
    }

    /**
     * Trains a classifier on {@code train} for {@code epochs} (Adam 1e-3, batch 128, order drawn from {@code seed}),
     * reporting each epoch's end to {@code progress}.
     */
    public static EvaluationClassifier train(Split train, ImageShape shape, int classes, int epochs, long seed,
            Consumer<String> progress) {
        return train(train, shape, classes, epochs, seed, "evaluation classifier", progress);
    }

    /** {@link #train(Split, ImageShape, int, int, long, Consumer)}, its progress lines starting with {@code name}. */
    public static EvaluationClassifier train(Split train, ImageShape shape, int classes, int epochs, long seed,
            String name, Consumer<String> progress) {
        SameDiff sd = graph(shape, classes, seed);
        sd.setTrainingConfig(new TrainingConfig.Builder().updater(new Adam(1e-3))
                .dataSetFeatureMapping(INPUT).dataSetLabelMapping(LABELS).build());
        SameDiffGraphs.createGradientsQuietly(sd);
        Random order = new Random(seed);
        // a line an epoch, or about ten in all when a small set is trained for many epochs
        int every = Math.max(1, (epochs + PROGRESS_LINES - 1) / PROGRESS_LINES);
        long started = System.nanoTime();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            for (Iterator<Batch> it = train.shuffledBatches(BATCH, order); it.hasNext(); ) {
                Batch batch = it.next();
                sd.fit(new DataSet(batch.features(), batch.oneHotLabels(classes)));
            }
            if (epoch % every == 0 || epoch == epochs) {
                progress.accept(String.format(Locale.ROOT, "%s: epoch %d/%d (%.0f s)", name, epoch, epochs,
                        (System.nanoTime() - started) / 1e9));
                started = System.nanoTime();
            }
        }
        return new EvaluationClassifier(sd);
    }

    /** The classifier {@link #save} wrote into {@code directory}. */
    public static EvaluationClassifier load(Path directory) {
        return new EvaluationClassifier(SameDiff.load(directory.resolve(FILE).toFile(), false));
    }

    public void save(Path directory) throws IOException {
        Files.createDirectories(directory);
        sd.save(directory.resolve(FILE).toFile(), false);
    }

    /** The share of {@code split}'s images whose predicted class is their label. */
    public double accuracy(Split split) {
        int[] predicted = predict(split.features());
        int right = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == split.labels()[i]) {
                right++;
            }
        }
        return (double) right / predicted.length;
    }

    /** The most probable class of each image ({@code [n, pixels]}, pixels in [0, 1]). */
    public int[] predict(INDArray images) {
        int[] classes = new int[(int) images.rows()];
        forEachChunk(images, (from, outputs) -> {
            INDArray best = outputs.get(PROBABILITIES).argMax(1);
            for (int i = 0; i < best.length(); i++) {
                classes[from + i] = best.getInt(i);
            }
        });
        return classes;
    }

    /** The feature-layer activations of each image, one row each. */
    public double[][] features(INDArray images) {
        double[][] rows = new double[(int) images.rows()][];
        forEachChunk(images, (from, outputs) -> {
            INDArray features = outputs.get(FEATURE_LAYER);
            for (int i = 0; i < features.rows(); i++) {
                rows[from + i] = features.getRow(i).toDoubleVector();
            }
        });
        return rows;
    }

    private interface ChunkConsumer {
        void accept(int from, Map<String, INDArray> outputs);
    }

    private void forEachChunk(INDArray images, ChunkConsumer consumer) {
        INDArray floats = images.castTo(DataType.FLOAT);
        for (long from = 0; from < floats.rows(); from += CHUNK) {
            long to = Math.min(floats.rows(), from + CHUNK);
            INDArray chunk = floats.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup();
            Map<String, INDArray> outputs = GraphCalls.output(sd, Map.of(INPUT, chunk), FEATURE_LAYER, PROBABILITIES);
            consumer.accept((int) from, outputs);
            outputs.values().forEach(INDArray::close);
            chunk.close();
        }
    }

    private static SameDiff graph(ImageShape shape, int classes, long seed) {
        SameDiff sd = SameDiff.create();
        Random init = new Random(seed);
        SDVariable input = sd.placeHolder(INPUT, DataType.FLOAT, -1, shape.pixels());
        SDVariable labels = sd.placeHolder(LABELS, DataType.FLOAT, -1, classes);
        SDVariable h = shape.channels() == 1 ? input.reshape(-1, shape.height(), shape.width(), 1)
                : input.reshape(-1, shape.channels(), shape.height(), shape.width()).permute(0, 2, 3, 1);
        int channels = shape.channels();
        int height = shape.height();
        int width = shape.width();
        for (int filters : new int[] {32, 64}) {
            SDVariable weights = SameDiffGraphs.glorotUniform(sd, init, "conv" + filters + "_W", KERNEL * KERNEL * channels,
                    KERNEL * KERNEL * filters, KERNEL, KERNEL, channels, filters);
            h = relu(sd, sd.cnn().conv2d(h, weights, sd.var("conv" + filters + "_b", Nd4j.zeros(DataType.FLOAT,
                    filters)), Conv2DConfig.builder().kH(KERNEL).kW(KERNEL).sH(2).sW(2)
                            .paddingMode(PaddingMode.SAME).dataFormat("NHWC").build()));
            channels = filters;
            height = (height + 1) / 2;
            width = (width + 1) / 2;
        }
        int flat = channels * height * width;
        SDVariable features = relu(sd, dense(sd, init, "dense", h.reshape(-1, flat), flat, FEATURES));
        sd.identity(FEATURE_LAYER, features);
        SDVariable logits = dense(sd, init, "logits", features, FEATURES, classes);
        sd.nn().softmax(PROBABILITIES, logits, 1);
        SDVariable logProbabilities = sd.nn().logSoftmax(logits);
        labels.mul(logProbabilities).sum(1).mean(0).neg(LOSS);
        sd.setLossVariables(LOSS);
        return sd;
    }

    private static SDVariable dense(SameDiff sd, Random init, String name, SDVariable in, int nIn, int nOut) {
        return in.mmul(SameDiffGraphs.glorotUniform(sd, init, name + "_W", nIn, nOut, nIn, nOut))
                .add(sd.var(name + "_b", Nd4j.zeros(DataType.FLOAT, nOut)));
    }

    /** ReLU as {@code x * (x > 0)}, whose backward pass is ND4J's fast multiply rather than its slow relu_bp. */
    private static SDVariable relu(SameDiff sd, SDVariable x) {
        return x.mul(sd.gt(x, 0.0).castTo(DataType.FLOAT));
    }
}
