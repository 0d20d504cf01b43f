package dev.genlab.core.testplugin;

import dev.genlab.api.Description;
import dev.genlab.api.Min;

/** Parameters of the bars dataset. */
public record BarsParameters(
        @Description("training images") @Min(1) int trainSize,
        @Description("test images") @Min(1) int testSize,
        @Description("image side in pixels") @Min(2) int side,
        @Description("whether the plugin tells the data's shape before reading it") boolean shapeKnownBeforehand) {
    static final BarsParameters DEFAULTS = new BarsParameters(512, 128, 8, true);
}
