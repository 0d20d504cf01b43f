package dev.genlab.support;

import java.util.function.IntFunction;

/**
 * One plan at a time for the batch size last asked for (oneDNN primitives and their memories, say): the same plan
 * while the size stays, a new one when it changes, the old one closed first, since a plan holds its batch's memory.
 */
public final class PlanForSize<P extends AutoCloseable> {
    private final IntFunction<P> create;
    private P plan;
    private int size;

    /** Plans made by {@code create} for a batch size. */
    public PlanForSize(IntFunction<P> create) {
        this.create = create;
    }

    /** The plan for batches of {@code size}. */
    public P get(int size) {
        if (plan == null || this.size != size) {
            close();
            plan = create.apply(size);
            this.size = size;
        }
        return plan;
    }

    /** Closes the plan held, if any. */
    public void close() {
        if (plan != null) {
            try {
                plan.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not free the plan for batches of " + size, e);
            }
            plan = null;
        }
    }
}
