package dev.genlab.core.spec;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.DatasetShape;
import dev.genlab.api.ModelContext;
import dev.genlab.api.ModelFactory;
import dev.genlab.api.ModelPlan;
import dev.genlab.api.Problem;
import dev.genlab.core.plugin.BoundModel;
import dev.genlab.api.TrainingSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sizes a model for its data before anything is built, from its plugin's {@link ModelFactory#plan}, and refuses
 * what cannot fit: an array larger than ND4J can index, or more memory than ND4J may use here. Run at binding
 * when the dataset plugin knows its shape, and again once the data is loaded, before the model is created.
 */
public final class ModelCheck {
    /** The most values one array may hold: a Java array's limit, which ND4J's copies to and from the heap share. */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final long FLOAT_BYTES = 4;
    /** Weights, gradients and up to three arrays of optimiser state (AMSGrad) per parameter. */
    private static final long COPIES_PER_PARAMETER = 5;
    /** Outputs, pre-activations and gradients per activation value. */
    private static final long COPIES_PER_ACTIVATION = 3;

    private final MemoryBudget budget;

    public ModelCheck(MemoryBudget budget) {
        this.budget = requireNonNull(budget, "budget is null");
    }

    /**
     * The problems of training {@code model} on {@code data}, for a parameter of the model or about the model as a
     * whole; empty when it fits or the plugin cannot tell.
     */
    public List<Problem> problems(BoundModel<?> model, DatasetShape data, TrainingSettings training, long seed) {
        ModelContext context = new ModelContext(data.image(), data.classes(), training, seed);
        Optional<ModelPlan> planned;
        try {
            planned = model.plan(context);
        } catch (IllegalArgumentException e) {
            // what a plugin's constructors throw for values they refuse
            return List.of(Problem.general(String.valueOf(e.getMessage())));
        }
        if (planned.isEmpty()) {
            return List.of();
        }
        ModelPlan plan = planned.get();
        if (!plan.problems().isEmpty()) {
            return plan.problems();
        }
        List<Problem> problems = new ArrayList<>();
        if (plan.largestArray() > MAX_ARRAY) {
            problems.add(Problem.general("its largest array would hold " + count(plan.largestArray()) + " values, more than the "
                    + count(MAX_ARRAY) + " an array can hold; make the network smaller"));
            return problems;
        }
        long batch = Math.max(1, Math.min(training.batchSize(), Math.max(1, data.trainSize())));
        long parameterBytes = times(plan.parameters(), FLOAT_BYTES * COPIES_PER_PARAMETER);
        long activationBytes = times(times(plan.valuesPerExample(), batch), FLOAT_BYTES * COPIES_PER_ACTIVATION);
        long dataBytes = times(times((long) data.trainSize() + data.testSize(), data.image().pixels()), FLOAT_BYTES);
        long need = plus(plus(parameterBytes, activationBytes), dataBytes);
        if (need > budget.bytes()) {
            problems.add(Problem.general("training would need about " + MemoryBudget.format(need) + " (" + count(plan.parameters())
                    + " parameters with their gradients and optimiser state: " + MemoryBudget.format(parameterBytes)
                    + "; activations of a batch of " + count(batch) + ": " + MemoryBudget.format(activationBytes)
                    + "; the data: " + MemoryBudget.format(dataBytes) + "), more than the "
                    + MemoryBudget.format(budget.bytes()) + " ND4J may use here (" + budget.source()
                    + "); make the network or the batch smaller, or give ND4J more memory in GENLAB_JAVA_OPTS"));
        }
        return problems;
    }

    private static long times(long a, long b) {
        return ModelPlan.Builder.product(a, b);
    }

    private static long plus(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /** A count for messages; a saturated one ({@link ModelPlan}) is only known to be at least that. */
    private static String count(long value) {
        return (value == Long.MAX_VALUE ? "over " : "") + SpecLimits.count(value);
    }
}
