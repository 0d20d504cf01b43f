package dev.genlab.plugins.gan;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The optimiser of one network: turns gradients into updates (Adam's moments live here) and applies them in
 * place to that network's arrays only, which is what keeps the other network out of its step.
 */
final class NetworkUpdater {
    private final Map<String, INDArray> parameters;
    private final Map<String, GradientUpdater<?>> updaters = new LinkedHashMap<>();
    private int iteration;

    NetworkUpdater(IUpdater config, Map<String, INDArray> parameters) {
        this.parameters = Map.copyOf(parameters);
        parameters.forEach((name, array) -> {
            long stateSize = config.stateSize(array.length());
            INDArray state = stateSize == 0 ? null : Nd4j.zeros(DataType.FLOAT, 1, stateSize);
            updaters.put(name, config.instantiate(state, true));
        });
    }

    /** One step: every parameter of this network must have its gradient in {@code gradients}. */
    void apply(Map<String, INDArray> gradients) {
        updaters.forEach((name, updater) -> {
            INDArray gradient = gradients.get(name);
            if (gradient == null) {
                throw new IllegalStateException("no gradient for " + name);
            }
            // ND4J's updaters work on [1, n] rows, as DL4J lays parameters out
            INDArray update = gradient.dup('c').reshape(1, gradient.length());
            updater.applyUpdater(update, iteration, 0);
            INDArray parameter = parameters.get(name);
            parameter.subi(update.reshape(parameter.shape()));
        });
        iteration++;
    }
}
