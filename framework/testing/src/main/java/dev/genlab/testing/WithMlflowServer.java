package dev.genlab.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test a real MLflow server on loopback: declare a parameter of type {@link dev.genlab.mlflow.server.MlflowServer},
 * {@link java.net.URI} (its tracking URI) or {@link MlflowRest}. One server is shared by the whole test JVM.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(MlflowServerExtension.class)
public @interface WithMlflowServer {
}
