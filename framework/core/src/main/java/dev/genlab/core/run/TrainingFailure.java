package dev.genlab.core.run;

import dev.genlab.api.GenLabException;

/** Training stopped at a known step (a NaN loss); the step goes into the failed run's tags. */
final class TrainingFailure extends GenLabException {
    private final long step;

    TrainingFailure(String message, long step) {
        super(Category.TRAINING, message);
        this.step = step;
    }

    long step() {
        return step;
    }
}
