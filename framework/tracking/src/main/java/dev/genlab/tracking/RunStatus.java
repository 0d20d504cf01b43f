package dev.genlab.tracking;

/** How a run ended, as MLflow names it. */
public enum RunStatus {
    FINISHED, FAILED, KILLED
}
