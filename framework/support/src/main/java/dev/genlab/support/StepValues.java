package dev.genlab.support;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.ListenerVariables;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Catches named values of a training step as {@code sd.fit} (or a {@link SessionTrainer}) computes them, which it
 * does not return: for each name, the mean of the variable's array in the last step.
 */
public final class StepValues extends BaseListener {
    private final List<String> names;
    private final Map<String, Double> values = new HashMap<>();

    public StepValues(String... names) {
        this.names = List.of(names);
    }

    @Override
    public ListenerVariables requiredVariables(SameDiff sd) {
        return ListenerVariables.builder().trainingVariables(names.toArray(String[]::new)).build();
    }

    @Override
    public boolean isActive(Operation operation) {
        return operation == Operation.TRAINING;
    }

    @Override
    public void activationAvailable(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, String name,
            INDArray activation) {
        if (names.contains(name)) {
            values.put(name, activation.meanNumber().doubleValue());
        }
    }

    /** Forgets the values caught so far, before a step. */
    public void clear() {
        values.clear();
    }

    /** The mean of {@code name}'s array in the last step; an error when the step did not compute it. */
    public double get(String name) {
        Double value = values.get(name);
        if (value == null) {
            throw new IllegalStateException("the training step did not compute " + name);
        }
        return value;
    }
}
