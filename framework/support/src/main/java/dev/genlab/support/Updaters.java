package dev.genlab.support;

import dev.genlab.api.Optimizer;
import org.nd4j.linalg.learning.config.AMSGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nadam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

/** The ND4J updater for an optimiser of the spec, so that the API's {@link Optimizer} stays free of ND4J. */
public final class Updaters {
    private Updaters() {
    }

    /** A fresh ND4J updater for one network (updaters hold state, so each network needs its own). */
    public static IUpdater of(Optimizer optimizer) {
        return switch (optimizer.name()) {
            case ADAM -> new Adam(optimizer.learningRate(), optimizer.beta1(), optimizer.beta2(), optimizer.epsilon());
            case AMSGRAD -> new AMSGrad(optimizer.learningRate(), optimizer.beta1(), optimizer.beta2(),
                    optimizer.epsilon());
            case NADAM -> new Nadam(optimizer.learningRate(), optimizer.beta1(), optimizer.beta2(),
                    optimizer.epsilon());
            case SGD -> new Sgd(optimizer.learningRate());
            case NESTEROVS -> new Nesterovs(optimizer.learningRate(), optimizer.momentum());
            case RMSPROP -> new RmsProp(optimizer.learningRate(), 0.95, optimizer.epsilon());
        };
    }
}
