package dev.genlab.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Tests with a real server run in a thread of their own under a timeout, so that a hang JUnit cannot interrupt
 * (a socket read from a server that never answers) fails the test when its time is up.
 */
@WithMlflowServer
class WithMlflowServerTimeoutTest {
    @Test
    void runsInAThreadThatTheTimeoutCanAbandon() {
        assertThat(Thread.currentThread().getName()).startsWith("junit-timeout-thread");
    }
}
