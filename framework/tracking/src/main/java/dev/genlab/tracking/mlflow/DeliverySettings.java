package dev.genlab.tracking.mlflow;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The timing of sending runs to MLflow. The defaults suit people; tests shorten them.
 *
 * @param connectTimeout how long to wait for a connection
 * @param requestTimeout how long to wait for any one answer
 * @param firstBackoff the pause after the first failure; it doubles with each failure after that
 * @param maxBackoff the longest pause between attempts
 * @param pollInterval how often the sender looks for new events; metrics logged meanwhile go in one request
 * @param startWait how long starting a run waits for the server to create it, so that its MLflow id and
 *     address can be shown; the run starts anyway after that
 * @param patience how long a run's end waits for a server that does not answer at all
 * @param syncInterval how often the journal is flushed to disk
 */
record DeliverySettings(Duration connectTimeout, Duration requestTimeout, Duration firstBackoff, Duration maxBackoff,
        Duration pollInterval, Duration startWait, Duration patience, Duration syncInterval) {
    static final DeliverySettings DEFAULTS = new DeliverySettings(Duration.ofSeconds(10), Duration.ofSeconds(60),
            Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofMillis(200), Duration.ofSeconds(10),
            Duration.ofSeconds(15), Duration.ofSeconds(1));

    DeliverySettings {
        requireNonNull(connectTimeout, "connectTimeout is null");
        requireNonNull(requestTimeout, "requestTimeout is null");
        requireNonNull(firstBackoff, "firstBackoff is null");
        requireNonNull(maxBackoff, "maxBackoff is null");
        requireNonNull(pollInterval, "pollInterval is null");
        requireNonNull(startWait, "startWait is null");
        requireNonNull(patience, "patience is null");
        requireNonNull(syncInterval, "syncInterval is null");
    }

    DeliverySettings withBackoff(Duration first, Duration max) {
        return new DeliverySettings(connectTimeout, requestTimeout, first, max, pollInterval, startWait, patience,
                syncInterval);
    }

    DeliverySettings withRequestTimeout(Duration timeout) {
        return new DeliverySettings(connectTimeout, timeout, firstBackoff, maxBackoff, pollInterval, startWait,
                patience, syncInterval);
    }

    DeliverySettings withPatience(Duration wait) {
        return new DeliverySettings(connectTimeout, requestTimeout, firstBackoff, maxBackoff, pollInterval, startWait,
                wait, syncInterval);
    }

    DeliverySettings withStartWait(Duration wait) {
        return new DeliverySettings(connectTimeout, requestTimeout, firstBackoff, maxBackoff, pollInterval, wait,
                patience, syncInterval);
    }
}
