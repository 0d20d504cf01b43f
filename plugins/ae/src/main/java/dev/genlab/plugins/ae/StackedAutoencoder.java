package dev.genlab.plugins.ae;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Dataset;
import dev.genlab.api.Model;
import dev.genlab.api.ModelContext;
import dev.genlab.api.RunLog;
import dev.genlab.api.Split;
import dev.genlab.api.Stage;
import dev.genlab.evaluation.LinearProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The stacked autoencoder as a GenLab model: one pre-training stage per layer ({@code layer1}, {@code layer2}...),
 * then {@code finetune}, which trains a softmax head on the stacked encoders together with them.
 */
final class StackedAutoencoder implements Model {
    private static final String CLASSIFIER_FILE = "classifier.zip";
    /** Says whether fine-tuning had begun; a save without it (GenLab before checkpoints) is a finished model. */
    private static final String FINE_TUNING_FILE = "fine-tuning.txt";
    private static final String STARTED = "started";

    private final EncoderStack stack;
    private final MultiLayerNetwork classifier;
    private final FineTuningStage fineTuning;
    private final long seed;

    private StackedAutoencoder(EncoderStack stack, MultiLayerNetwork classifier, boolean fineTuned,
            ModelContext context) {
        this.stack = requireNonNull(stack, "stack is null");
        this.classifier = requireNonNull(classifier, "classifier is null");
        this.fineTuning = new FineTuningStage(stack, classifier, context, fineTuned);
        this.seed = context.seed();
    }

    static StackedAutoencoder create(SaeParameters parameters, ModelContext context) {
        return new StackedAutoencoder(EncoderStack.untrained(parameters, context), DenseNetworks.classifier(
                context.shape().pixels(), parameters.layerSizes(), parameters.activation().toDl4j(), context), false,
                context);
    }

    static StackedAutoencoder load(SaeParameters parameters, ModelContext context, Path directory)
            throws IOException {
        List<MultiLayerNetwork> layers = new ArrayList<>();
        for (int layer = 0; layer < parameters.layerSizes().size(); layer++) {
            layers.add(ModelFiles.read(directory, layerFile(layer)));
        }
        Path fineTuning = directory.resolve(FINE_TUNING_FILE);
        boolean started = !Files.exists(fineTuning) || Files.readString(fineTuning).strip().equals(STARTED);
        return new StackedAutoencoder(new EncoderStack(layers), ModelFiles.read(directory, CLASSIFIER_FILE), started,
                context);
    }

    @Override
    public List<Stage> stages() {
        List<Stage> stages = new ArrayList<>();
        for (int layer = 0; layer < stack.depth(); layer++) {
            stages.add(new PretrainingStage(stack, layer));
        }
        stages.add(fineTuning);
        return stages;
    }

    /**
     * Test accuracy and loss, each class's accuracy ({@code accuracy/<class>}), the confusion matrix (image and CSV),
     * the reconstruction error through the pre-trained stack ({@code mse_stack}; fine-tuning changes the
     * classifier's copy of the encoders, not the stack) and the linear-probe accuracy of the stack's top codes: what
     * pre-training alone learnt, before the labels shaped the classifier's copy.
     */
    @Override
    public Map<String, Double> evaluate(Dataset data, RunLog log, long step) {
        Split test = data.test();
        Classification scores = Classification.of(classifier, test, data.classes());
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("accuracy", scores.confusion().accuracy());
        metrics.put("loss", scores.loss());
        for (int c = 0; c < data.numClasses(); c++) {
            String key = "accuracy/" + metricName(data.classes().get(c));
            scores.confusion().classAccuracy(c).ifPresent(accuracy -> metrics.put(key, accuracy));
        }
        metrics.put("mse_stack", Reconstruction.errors(stack::reconstruct, test.features(), test.features()).mse());
        metrics.put(LinearProbe.METRIC, LinearProbe.accuracy(images -> stack.encode(images, stack.depth()), data,
                seed));
        log.image("confusion_matrix", ConfusionMatrixImage.draw(scores.confusion()), step);
        log.text("confusion_matrix.csv", scores.confusion().csv());
        INDArray shown = test.head(ComparisonGrid.COLUMNS).features();
        log.image("reconstructions", ComparisonGrid.of(data.shape(), shown, stack.reconstruct(shown)), step);
        return metrics;
    }

    /** Reconstructions through the pre-trained stack: the SAE has no sampler, and its head classifies. */
    @Override
    public INDArray generate(int count, Split inputs, long seed) {
        return stack.reconstruct(inputs.head(count).features());
    }

    @Override
    public void save(Path directory) throws IOException {
        for (int layer = 0; layer < stack.depth(); layer++) {
            ModelFiles.write(stack.layer(layer), directory, layerFile(layer));
        }
        ModelFiles.write(classifier, directory, CLASSIFIER_FILE);
        Files.writeString(directory.resolve(FINE_TUNING_FILE), fineTuning.started() ? STARTED : "not started");
    }

    @Override
    public void close() {
        stack.close();
        classifier.close();
    }

    /** The stack, for tests that look at the weights. */
    EncoderStack stack() {
        return stack;
    }

    MultiLayerNetwork classifier() {
        return classifier;
    }

    FineTuningStage fineTuning() {
        return fineTuning;
    }

    /** A class name as part of a metric key: MLflow's characters only, and no slash that would nest it deeper. */
    static String metricName(String className) {
        return className.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    private static String layerFile(int layer) {
        return "layer" + (layer + 1) + ".zip";
    }
}
