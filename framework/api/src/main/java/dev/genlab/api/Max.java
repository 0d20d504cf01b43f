package dev.genlab.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The largest value a numeric parameter (or each element of a list of numbers) may take. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.PARAMETER})
public @interface Max {
    double value();

    /** When true the value itself is excluded: {@code @Max(value = 0, exclusive = true)} means {@code < 0}. */
    boolean exclusive() default false;
}
