package dev.genlab.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GraphCallsTest {
    @Test
    void givesWhatTheGraphGivesAndKeepsNoSessionWithTheCallsArrays() {
        SameDiff released = graph();
        SameDiff kept = graph();
        for (int call = 0; call < 2; call++) {
            Map<String, INDArray> feed = Map.of("x", Nd4j.linspace(DataType.FLOAT, call, 0.25, 12).reshape(3, 4));

            OutAndGrad gradients = GraphCalls.gradientsAndOutputs(released, feed, List.of("y"), List.of("w"));
            OutAndGrad expected = kept.calculateGradientsAndOutputs(feed, List.of("y"), List.of("w"));
            assertThat(gradients.getOutputs().get("y")).isEqualTo(expected.getOutputs().get("y"));
            assertThat(gradients.getGradients().get("w")).isEqualTo(expected.getGradients().get("w"));
            assertThat(released.getSessions()).isEmpty();
            assertThat(released.getFunction("grad").getSessions()).isEmpty();
            // the graph called directly keeps its sessions, and with them its ops' arrays
            assertThat(kept.getFunction("grad").getSessions()).isNotEmpty();

            assertThat(GraphCalls.output(released, feed, "y")).isEqualTo(kept.output(feed, "y"));
            assertThat(released.getSessions()).isEmpty();
            assertThat(kept.getSessions()).isNotEmpty();
        }
    }

    /** {@code y = tanh(x w)}, loss the sum of squares of {@code y}. */
    private static SameDiff graph() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 4);
        SDVariable w = sd.var("w", Nd4j.linspace(DataType.FLOAT, -1, 0.1, 8).reshape(4, 2));
        SDVariable y = sd.math().tanh("y", x.mmul(w));
        y.mul(y).sum("loss");
        sd.setLossVariables("loss");
        return sd;
    }
}
