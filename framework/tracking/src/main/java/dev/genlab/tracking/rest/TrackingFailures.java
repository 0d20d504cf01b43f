package dev.genlab.tracking.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genlab.api.GenLabException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.util.Optional;

/** Turns failed calls to an MLflow server into {@link GenLabException}s that say which server and what to do. */
final class TrackingFailures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TrackingFailures() {
    }

    /** The request never got an HTTP answer. {@code action} completes "while trying to ...". */
    static GenLabException noAnswer(URI server, String action, Throwable failure) {
        Throwable root = connectFailure(failure).orElse(rootCause(failure));
        if (root instanceof ConnectException || root instanceof UnknownHostException
                || root instanceof NoRouteToHostException || root instanceof HttpConnectTimeoutException) {
            return new GenLabException(GenLabException.Category.TRACKING, "Cannot reach the MLflow tracking server at "
                    + server + " to " + action + " (" + describe(root) + "): start it with `" + startCommand(server)
                    + "`, or set tracking.uri in the spec (or MLFLOW_TRACKING_URI) to a running server", failure);
        }
        return new GenLabException(GenLabException.Category.TRACKING, "Lost contact with the MLflow tracking server at "
                + server + " while trying to " + action + ": " + describe(root), failure);
    }

    /** The server answered with an error status; {@code body} is MLflow's JSON error, if any. */
    static GenLabException httpError(URI server, String action, int status, String body, Throwable cause) {
        JsonNode error = parse(body);
        String code = error.path("error_code").asText("");
        String message = error.path("message").asText(body == null ? "" : body.strip());
        String answer = "HTTP " + status + (code.isEmpty() ? "" : " " + code);
        String text;
        if (status == 401 || status == 403) {
            text = "The MLflow tracking server at " + server + " refused to let us " + action + " (" + answer
                    + "): set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, or MLFLOW_TRACKING_TOKEN";
        } else if (status >= 500) {
            text = "The MLflow tracking server at " + server + " failed to " + action + " (" + answer + "): " + message
                    + " (the server's log has the details)";
        } else {
            text = "The MLflow tracking server at " + server + " rejected the request to " + action + " (" + answer
                    + "): " + message;
        }
        return new GenLabException(GenLabException.Category.TRACKING, text, cause);
    }

    /** MLflow's {@code error_code} in an error answer, or empty. */
    static String errorCode(String body) {
        return parse(body).path("error_code").asText("");
    }

    private static String startCommand(URI server) {
        String host = server.getHost() == null ? "127.0.0.1" : server.getHost();
        return "mlflow server --host " + host + (server.getPort() > 0 ? " --port " + server.getPort() : "");
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    /**
     * The failure to connect in a chain of causes, if any: the asynchronous HTTP client wraps a refused
     * connection in a {@link ConnectException} whose own cause is a closed channel.
     */
    private static Optional<Throwable> connectFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException || cause instanceof HttpConnectTimeoutException) {
                return Optional.of(cause);
            }
        }
        return Optional.empty();
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String describe(Throwable root) {
        if (root instanceof ConnectException) {
            return root.getMessage() == null ? "connection refused" : root.getMessage();
        }
        if (root instanceof UnknownHostException) {
            return "unknown host " + root.getMessage();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
