package dev.genlab.api;

import java.util.List;

/** A model trained in one stage, which is the model itself: most models. */
public interface SingleStageModel extends Model, Stage {
    @Override
    default List<Stage> stages() {
        return List.of(this);
    }

    /** Unused as a metric prefix while a model has one stage; shown in messages. */
    @Override
    default String name() {
        return "train";
    }
}
