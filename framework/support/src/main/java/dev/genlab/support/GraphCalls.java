package dev.genlab.support;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs a SameDiff graph, forward or for gradients, and lets go of the call's arrays when it returns.
 *
 * <p>Why: in ND4J 1.0.0-M2.1 a graph keeps a session per thread from call to call, and the session keeps a context
 * for each op that holds the arrays of its last call: every activation and gradient of the last batch stays alive
 * until the graph is called again. For the reference DCGAN (a discriminator graph, an adversarial graph and a
 * sampler) that was 550 MB of a 780 MB resident set between iterations (the process's memory after a collection
 * and {@code malloc_trim}), and with a new iteration's arrays on top of it the run reached the launcher's cap on
 * native memory and failed there. Dropping the sessions after each call gave 240 MB between iterations at the same
 * speed (1.27 s an iteration either way): a session costs little to open, next to the convolutions it runs.
 *
 * <p>Not for a graph trained through {@link SessionTrainer}, which keeps its session on purpose.
 */
public final class GraphCalls {
    private GraphCalls() {
    }

    /** {@code sd.output(feed, outputs)}, then {@link #release}. */
    public static Map<String, INDArray> output(SameDiff sd, Map<String, INDArray> feed, String... outputs) {
        try {
            return sd.output(feed, outputs);
        } finally {
            release(sd);
        }
    }

    /** {@code sd.calculateGradientsAndOutputs(feed, outputs, wrt)}, then {@link #release}. */
    public static OutAndGrad gradientsAndOutputs(SameDiff sd, Map<String, INDArray> feed, List<String> outputs,
            Collection<String> wrt) {
        try {
            return sd.calculateGradientsAndOutputs(feed, outputs, wrt);
        } finally {
            release(sd);
        }
    }

    /**
     * Drops the sessions of {@code sd} and of its gradient function, and with them the arrays of their last calls
     * (freed by the next garbage collection, unless the caller holds them). The next call opens a new session.
     */
    public static void release(SameDiff sd) {
        sd.getSessions().clear();
        SameDiff gradients = sd.getFunction("grad");
        if (gradients != null) {
            gradients.getSessions().clear();
        }
    }
}
