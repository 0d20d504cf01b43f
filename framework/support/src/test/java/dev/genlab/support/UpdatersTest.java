package dev.genlab.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.api.Optimizer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;

class UpdatersTest {
    @Test
    void everyOptimiserBecomesAFreshUpdaterWithTheSpecsValues() {
        Optimizer adam = new Optimizer(Optimizer.Name.ADAM, 1e-3, 0.5, 0.99, 1e-7, 0.9);
        assertThat(Updaters.of(adam)).isEqualTo(new Adam(1e-3, 0.5, 0.99, 1e-7))
                .isNotSameAs(Updaters.of(adam));
        assertThat(Updaters.of(new Optimizer(Optimizer.Name.NESTEROVS, 0.1, 0.9, 0.999, 1e-8, 0.8)))
                .isEqualTo(new Nesterovs(0.1, 0.8));
        assertThat(Updaters.of(new Optimizer(Optimizer.Name.RMSPROP, 0.01, 0.9, 0.999, 1e-6, 0.9)))
                .isEqualTo(new RmsProp(0.01, 0.95, 1e-6));
        for (Optimizer.Name name : Optimizer.Name.values()) {
            IUpdater updater = Updaters.of(new Optimizer(name, 0.25, 0.9, 0.999, 1e-8, 0.9));
            assertThat(updater.getLearningRate(0, 0)).as("%s", name).isEqualTo(0.25);
        }
    }
}
