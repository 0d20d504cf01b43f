package dev.genlab.plugins.ae;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Batch;
import dev.genlab.api.ModelContext;
import dev.genlab.api.Split;
import dev.genlab.api.Stage;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** Fine-tunes the whole network, stacked encoders and softmax head, on the labels with cross-entropy. */
final class FineTuningStage implements Stage {
    private final EncoderStack stack;
    private final MultiLayerNetwork classifier;
    private final DenseStep step;
    private final ModelContext context;
    private boolean started;

    /** {@code started} is true for a classifier that fine-tuning has already begun to train: its weights stay. */
    FineTuningStage(EncoderStack stack, MultiLayerNetwork classifier, ModelContext context, boolean started) {
        this.stack = requireNonNull(stack, "stack is null");
        this.classifier = requireNonNull(classifier, "classifier is null");
        this.step = DenseStep.of(classifier);
        this.context = requireNonNull(context, "context is null");
        this.started = started;
    }

    @Override
    public String name() {
        return "finetune";
    }

    /** Whether the encoders were handed to the classifier: a checkpoint taken before must hand them over later. */
    boolean started() {
        return started;
    }

    /**
     * Copies the pre-trained encoders into the classifier, once: at the first fine-tuning step, because the runner
     * trains the stages in order and the encoders are final only when pre-training is over.
     */
    void start() {
        if (!started) {
            stack.copyEncodersInto(classifier);
            started = true;
        }
    }

    @Override
    public Map<String, Double> fit(Batch batch) {
        start();
        return Map.of("loss", step.fit(batch.features(), batch.oneHotLabels(context.numClasses())));
    }

    @Override
    public Map<String, Double> validate(Split test) {
        Classification scores = Classification.of(classifier, test, context.classes());
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("loss", scores.loss());
        metrics.put("accuracy", scores.confusion().accuracy());
        return metrics;
    }
}
