package dev.genlab.plugins.ae;

import dev.genlab.api.ModelPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * The sizes of the plugin's dense networks, counted as {@link DenseNetworks} builds them, for the factories'
 * {@code plan}: every layer's weights and biases, and its output per example.
 */
final class DensePlans {
    private DensePlans() {
    }

    /** {@code inputs -> hiddenSizes -> mirrored -> inputs}, as {@link DenseNetworks#autoencoder} builds it. */
    static ModelPlan.Builder autoencoder(ModelPlan.Builder plan, int inputs, List<Integer> hiddenSizes) {
        List<Integer> sizes = new ArrayList<>(hiddenSizes);
        for (int i = hiddenSizes.size() - 2; i >= 0; i--) {
            sizes.add(hiddenSizes.get(i));
        }
        return layers(plan, inputs, sizes, inputs);
    }

    /** {@code inputs -> hiddenSizes -> classes}, as {@link DenseNetworks#classifier} builds it. */
    static ModelPlan.Builder classifier(ModelPlan.Builder plan, int inputs, List<Integer> hiddenSizes, int classes) {
        return layers(plan, inputs, hiddenSizes, classes);
    }

    private static ModelPlan.Builder layers(ModelPlan.Builder plan, long inputs, List<Integer> sizes, long outputs) {
        plan.activations(inputs);
        long in = inputs;
        for (long size : sizes) {
            plan.weights(in, size).weights(size).activations(size);
            in = size;
        }
        return plan.weights(in, outputs).weights(outputs).activations(outputs);
    }
}
