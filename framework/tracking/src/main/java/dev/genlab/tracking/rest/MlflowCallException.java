package dev.genlab.tracking.rest;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.GenLabException;

/**
 * A call to an MLflow server that did not succeed, with what the sender should do about it: the message is
 * the user's (which server, what failed, what to do); the outcome decides between retrying and giving up.
 */
public final class MlflowCallException extends GenLabException {
    /** What a failed call means for sending it again. */
    public enum Outcome {
        /** No HTTP answer (refused, reset, timed out): the same request may succeed later. */
        NO_ANSWER,
        /** The server failed or asked us to slow down (5xx, 408, 429): the same request may succeed later. */
        SERVER_BUSY,
        /** The server wants credentials we do not have (401, 403): nothing will succeed until they are fixed. */
        REFUSED,
        /** The server answered that this request is wrong (another 4xx): sending it again cannot help. */
        REJECTED
    }

    private final Outcome outcome;
    private final int status;
    private final String errorCode;

    public MlflowCallException(Outcome outcome, int status, String errorCode, GenLabException failure) {
        super(Category.TRACKING, failure.getMessage(), failure.getCause());
        this.outcome = requireNonNull(outcome, "outcome is null");
        this.status = status;
        this.errorCode = requireNonNull(errorCode, "errorCode is null");
    }

    /** The request got no HTTP answer; {@code failure} says so to the user. */
    static MlflowCallException noAnswer(GenLabException failure) {
        return new MlflowCallException(Outcome.NO_ANSWER, 0, "", failure);
    }

    /** The server answered {@code status} with MLflow's JSON error {@code body} (or whatever it sent). */
    static MlflowCallException answered(int status, String body, GenLabException failure) {
        return new MlflowCallException(outcomeOf(status), status, TrackingFailures.errorCode(body), failure);
    }

    static Outcome outcomeOf(int status) {
        if (status >= 500 || status == 408 || status == 429) {
            return Outcome.SERVER_BUSY;
        }
        if (status == 401 || status == 403) {
            return Outcome.REFUSED;
        }
        return Outcome.REJECTED;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** The HTTP status, or 0 when there was no answer. */
    public int status() {
        return status;
    }

    /** MLflow's {@code error_code} ({@code RESOURCE_ALREADY_EXISTS}), or empty. */
    public String errorCode() {
        return errorCode;
    }

    /** True when sending the same request again later may succeed. */
    public boolean transientFailure() {
        return outcome == Outcome.NO_ANSWER || outcome == Outcome.SERVER_BUSY;
    }
}
