package dev.genlab.core.run;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where training stands, as a checkpoint records it: the next batch to train is batch {@code batchesDone + 1}
 * of epoch {@code epoch} of stage {@code stage}. A position at an epoch's end points at the next epoch's first
 * batch; {@code finished} says every stage is done and only the evaluation is left.
 *
 * @param stage the stage's index, from 0
 * @param epoch the epoch within the stage, from 1
 * @param batchesDone batches of this epoch already trained (0 at an epoch's start)
 * @param step the last training step done, counted across stages (0 before training)
 * @param stageSteps steps done in this stage
 * @param epochSums the sums of this epoch's losses so far, for its mean ({@code train/epoch_<key>})
 */
record LoopPosition(int stage, long epoch, long batchesDone, long step, long stageSteps, Map<String, Double> epochSums,
        boolean finished) {
    static final LoopPosition START = new LoopPosition(0, 1, 0, 0, 0, Map.of(), false);

    LoopPosition {
        requireNonNull(epochSums, "epochSums is null");
        epochSums = new LinkedHashMap<>(epochSums);
        if (stage < 0 || epoch < 1 || batchesDone < 0 || step < 0 || stageSteps < 0) {
            throw new IllegalArgumentException("Not a training position: " + stage + "/" + epoch + "/" + batchesDone
                    + " at step " + step);
        }
    }

    /** Where a run that stopped here goes on, in words for the console and the run's tags. */
    String describe() {
        return finished ? "after training (step " + step + "), at the final evaluation"
                : "step " + step + " (stage " + (stage + 1) + ", epoch " + epoch + ", batch " + (batchesDone + 1) + ")";
    }
}
