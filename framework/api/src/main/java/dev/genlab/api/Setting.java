package dev.genlab.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a parameter that does not change what is learned (a directory, download mirrors, checksums): it is
 * recorded as a run tag, so the run's MLflow parameters are its hyper-parameters alone.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.PARAMETER})
public @interface Setting {
}
