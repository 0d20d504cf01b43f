package dev.genlab.mlflow.server;

/** The local MLflow server could not be found, started or reached; the message says what to do. */
public class MlflowServerException extends RuntimeException {
    public MlflowServerException(String message) {
        super(message);
    }

    public MlflowServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
