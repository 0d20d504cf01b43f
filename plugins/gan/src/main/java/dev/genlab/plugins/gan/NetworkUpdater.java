package dev.genlab.plugins.gan;

import java.io.IOException;
import java.util.Arrays;
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
 *
 * <p>Its whole training state is {@link #state()} (each parameter's updater arrays, e.g. Adam's {@code M} and
 * {@code V}) and {@link #iteration()} (the steps taken, which Adam's bias correction and any learning-rate
 * schedule depend on); {@link #restore} puts both back. The updater state exists from construction, so an
 * untrained network has a state too (zeros, or RMSProp's epsilon, at iteration 0).
 */
final class NetworkUpdater {
    /** Separates a parameter's name from its updater's state name in {@link #state()}'s keys. */
    static final String SEPARATOR = "/";

    private final IUpdater config;
    private final Map<String, INDArray> parameters;
    private final Map<String, GradientUpdater<?>> updaters = new LinkedHashMap<>();
    private int iteration;

    NetworkUpdater(IUpdater config, Map<String, INDArray> parameters) {
        this.config = config;
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

    /** The steps taken so far: the iteration the next {@link #apply} passes to the updaters. */
    int iteration() {
        return iteration;
    }

    /** The kind of optimiser, as saved with its state ({@code Adam}, {@code Sgd}...). */
    String kind() {
        return config.getClass().getSimpleName();
    }

    /**
     * The updaters' state arrays themselves (not copies), keyed {@code parameter/state} ({@code d_conv0_W/M}), in
     * parameter order; empty for plain SGD, which has none.
     */
    Map<String, INDArray> state() {
        Map<String, INDArray> state = new LinkedHashMap<>();
        updaters.forEach((name, updater) -> updater.getState().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> state.put(name + SEPARATOR + entry.getKey(), entry.getValue())));
        return state;
    }

    /**
     * Puts back a state saved from {@link #state()} and {@link #iteration()}: the values are assigned into this
     * updater's own arrays, which its {@link GradientUpdater}s step in place, so the next {@link #apply} continues
     * exactly where the saved optimiser stopped.
     *
     * @throws IOException if {@code saved} does not hold exactly this optimiser's arrays with their shapes
     */
    void restore(Map<String, INDArray> saved, int savedIteration, String source) throws IOException {
        Map<String, INDArray> state = state();
        if (!state.keySet().equals(saved.keySet())) {
            throw new IOException(source + ": the saved optimiser state has arrays " + saved.keySet()
                    + " where this " + kind() + " optimiser has " + state.keySet() + "; resume with the model and "
                    + "optimiser parameters the model was trained with");
        }
        for (Map.Entry<String, INDArray> entry : state.entrySet()) {
            INDArray array = saved.get(entry.getKey());
            if (!Arrays.equals(array.shape(), entry.getValue().shape())
                    || array.dataType() != entry.getValue().dataType()) {
                throw new IOException(source + ": optimiser state " + entry.getKey() + " is "
                        + array.dataType() + Arrays.toString(array.shape()) + ", expected "
                        + entry.getValue().dataType() + Arrays.toString(entry.getValue().shape())
                        + "; resume with the model parameters the model was trained with");
            }
        }
        if (savedIteration < 0) {
            throw new IOException(source + ": negative iteration " + savedIteration);
        }
        state.forEach((key, array) -> array.assign(saved.get(key)));
        iteration = savedIteration;
    }
}
