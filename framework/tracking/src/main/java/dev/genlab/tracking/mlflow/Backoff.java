package dev.genlab.tracking.mlflow;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Pauses between attempts to reach a server that failed: doubling from the first pause up to the longest, with a
 * little jitter so that many runs waiting for one server do not all come back in the same instant.
 */
final class Backoff {
    private final long firstMillis;
    private final long maxMillis;
    private long nextMillis;

    Backoff(Duration first, Duration max) {
        this.firstMillis = Math.max(1, first.toMillis());
        this.maxMillis = Math.max(firstMillis, max.toMillis());
        this.nextMillis = firstMillis;
    }

    /** The pause before the next attempt, in milliseconds; each call doubles the one after. */
    long next() {
        long pause = nextMillis;
        nextMillis = Math.min(maxMillis, nextMillis * 2);
        long jitter = pause / 5;
        return jitter == 0 ? pause : pause - jitter + ThreadLocalRandom.current().nextLong(2 * jitter + 1);
    }

    void reset() {
        nextMillis = firstMillis;
    }
}
