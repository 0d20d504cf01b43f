package dev.genlab.plugins.gan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.api.Optimizer;
import dev.genlab.support.Updaters;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Every optimiser a spec can name steps the network's own arrays against their gradient, in place. */
class NetworkUpdaterTest {
    @ParameterizedTest
    @EnumSource(Optimizer.Name.class)
    void stepsAgainstTheGradient(Optimizer.Name name) {
        INDArray kernel = Nd4j.ones(DataType.FLOAT, 5, 5, 2, 3);
        INDArray bias = Nd4j.zeros(DataType.FLOAT, 3);
        Optimizer optimizer = new Optimizer(name, 0.01, 0.9, 0.999, 1e-8, 0.9);
        NetworkUpdater updater = new NetworkUpdater(Updaters.of(optimizer), Map.of("kernel", kernel, "bias", bias));

        updater.apply(Map.of("kernel", Nd4j.ones(DataType.FLOAT, 5, 5, 2, 3), "bias",
                Nd4j.ones(DataType.FLOAT, 3).negi()));

        assertThat(kernel.maxNumber().doubleValue()).isLessThan(1);
        assertThat(bias.minNumber().doubleValue()).isGreaterThan(0);
    }
}
