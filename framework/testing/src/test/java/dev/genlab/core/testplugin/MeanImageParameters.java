package dev.genlab.core.testplugin;

import dev.genlab.api.Description;
import dev.genlab.api.Max;
import dev.genlab.api.Min;
import java.util.Optional;

/** Parameters of the mean-image model. */
public record MeanImageParameters(
        @Description("starting value of every pixel") @Min(0) @Max(1) double initialValue,
        @Description("report a NaN loss at this step, to exercise failure handling") @Min(1)
        Optional<Integer> nanAtStep,
        @Description("standard deviation of gaussian noise added to each step's gradient, drawn from ND4J's global"
                + " generator, so that results depend on the runner's seeding") @Min(0) double gradientNoise,
        @Description("interrupt the training thread during this step, as an application embedding GenLab would,"
                + " to exercise stopping and resuming") @Min(1) Optional<Integer> interruptAtStep,
        @Description("throw at this step, as if the program died there, unless the model was loaded from a"
                + " checkpoint: to exercise resuming after a crash") @Min(1) Optional<Integer> crashAtStep) {
    static final MeanImageParameters DEFAULTS =
            new MeanImageParameters(0.5, Optional.empty(), 0, Optional.empty(), Optional.empty());
}
