package dev.genlab.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The build gives every test a timeout (the root pom's surefire configuration), so that a hang fails that one
 * test instead of eating the CI budget. Tests that need longer say so with {@code @Timeout}.
 */
class TestTimeoutTest {
    private Optional<String> timeout = Optional.empty();

    @RegisterExtension
    final BeforeEachCallback readConfiguration = context ->
            timeout = context.getConfigurationParameter("junit.jupiter.execution.timeout.default");

    @Test
    void everyTestRunsWithADefaultTimeout() {
        assertThat(timeout).contains("5 m");
    }
}
