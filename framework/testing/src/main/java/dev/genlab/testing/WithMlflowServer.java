package dev.genlab.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test a real MLflow server on loopback: declare a parameter of type {@link dev.genlab.mlflow.server.MlflowServer},
 * {@link java.net.URI} (its tracking URI) or {@link MlflowRest}. One server is shared by the whole test JVM.
 *
 * <p>Each test gets 5 minutes (a test may say otherwise with its own {@code @Timeout}), run in a thread of its own
 * so that even a wait JUnit cannot interrupt, such as a socket read from a server that hangs, fails that test
 * instead of the build's time budget.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(MlflowServerExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public @interface WithMlflowServer {
}
