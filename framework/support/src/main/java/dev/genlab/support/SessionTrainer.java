package dev.genlab.support;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.Listener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.TrainingSession;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Trains a SameDiff graph one batch per call, as {@code sd.fit(batch, listeners)} does, through one training session
 * kept from call to call.
 *
 * <p>Why: in ND4J 1.0.0-M2.1 every {@code sd.fit} call opens a new {@link TrainingSession}, and with it a new,
 * empty cache of arrays, so each training step allocated every activation and gradient array afresh (13% of a VAE
 * step went to allocating them, and the arrays lived on until a garbage collection freed them). A session kept
 * across steps hands the previous step's arrays back.
 *
 * <p>Each call does what {@code fit} does for one batch: the same optimiser state (the graph's own updaters, so that
 * saving and loading the graph carry it), the same iteration count (and epoch count, which a one-batch {@code fit}
 * leaves as it is), and the listeners' per-op callbacks and {@code iterationDone}. The first call goes through
 * {@code fit} itself, which sets up the optimiser state.
 */
public final class SessionTrainer {
    private final SameDiff sd;
    private TrainingSession session;
    private Set<String> trainable;

    public SessionTrainer(SameDiff sd) {
        this.sd = requireNonNull(sd, "sd is null");
    }

    /** One optimiser step on {@code batch}; {@code listeners} see it as they would see {@code sd.fit}'s. */
    public void fit(MultiDataSet batch, Listener... listeners) {
        if (session == null || !sd.isInitializedTraining()) {
            sd.fit(batch, listeners);
            start();
            return;
        }
        TrainingConfig config = sd.getTrainingConfig();
        List<Listener> active = new ArrayList<>(sd.getListeners());
        for (Listener listener : listeners) {
            if (listener.isActive(Operation.TRAINING) && !active.contains(listener)) {
                active.add(listener);
            }
        }
        At at = At.builder().epoch(config.getEpochCount()).iteration(config.getIterationCount()).trainingThreadNum(0)
                .javaThreadNum(Thread.currentThread().getId()).operation(Operation.TRAINING).build();
        session.trainingIteration(config, placeholders(batch, config), trainable, sd.getUpdaterMap(), batch,
                sd.getLossVariables(), active, at);
        config.incrementIterationCount();
    }

    private void start() {
        SameDiff gradients = sd.getFunction("grad");
        if (gradients == null) {
            SameDiffGraphs.createGradientsQuietly(sd);
            gradients = sd.getFunction("grad");
        }
        gradients.setTrainingConfig(sd.getTrainingConfig());
        trainable = new LinkedHashSet<>();
        for (SDVariable variable : sd.variables()) {
            if (variable.getVariableType() == VariableType.VARIABLE) {
                trainable.add(variable.name());
            }
        }
        session = new TrainingSession(gradients);
    }

    private static Map<String, INDArray> placeholders(MultiDataSet batch, TrainingConfig config) {
        Map<String, INDArray> placeholders = new HashMap<>();
        put(placeholders, config.getDataSetFeatureMapping(), batch.getFeatures());
        put(placeholders, config.getDataSetLabelMapping(), batch.getLabels());
        put(placeholders, config.getDataSetFeatureMaskMapping(), batch.getFeaturesMaskArrays());
        put(placeholders, config.getDataSetLabelMaskMapping(), batch.getLabelsMaskArrays());
        return placeholders;
    }

    private static void put(Map<String, INDArray> placeholders, List<String> names, INDArray[] arrays) {
        if (names == null || arrays == null) {
            return;
        }
        for (int i = 0; i < names.size() && i < arrays.length; i++) {
            placeholders.put(names.get(i), arrays[i]);
        }
    }
}
