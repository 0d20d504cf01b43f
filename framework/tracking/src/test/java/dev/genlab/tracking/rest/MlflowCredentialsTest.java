package dev.genlab.tracking.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MlflowCredentialsTest {
    @Test
    void theUserAndPasswordOfATrackingUriAreSentAsBasicCredentialsUnlessTheEnvironmentSetsSome() {
        URI uri = URI.create("http://ann:p%40ss@127.0.0.1:5000");

        assertThat(MlflowCredentials.fromUserInfo(uri).authorization()).contains("Basic YW5uOnBAc3M=");
        assertThat(MlflowCredentials.fromEnvironment(Map.of("MLFLOW_TRACKING_TOKEN", "t0k"))
                .or(MlflowCredentials.fromUserInfo(uri)).authorization()).contains("Bearer t0k");
        assertThat(MlflowCredentials.fromUserInfo(URI.create("http://127.0.0.1:5000")).authorization()).isEmpty();
        assertThat(MlflowCredentials.fromUserInfo(uri).toString()).isEqualTo("MlflowCredentials[basic]");
    }
}
