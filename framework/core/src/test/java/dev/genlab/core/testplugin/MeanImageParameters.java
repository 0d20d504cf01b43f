package dev.genlab.core.testplugin;

import dev.genlab.api.Description;
import dev.genlab.api.Max;
import dev.genlab.api.Min;
import java.util.Optional;

/** Parameters of the mean-image model. */
public record MeanImageParameters(
        @Description("starting value of every pixel") @Min(0) @Max(1) double initialValue,
        @Description("report a NaN loss at this step, to exercise failure handling") @Min(1)
        Optional<Integer> nanAtStep) {
    static final MeanImageParameters DEFAULTS = new MeanImageParameters(0.5, Optional.empty());
}
