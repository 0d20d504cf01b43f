package dev.genlab.tracking.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactPathsTest {
    @ParameterizedTest
    @ValueSource(strings = {"../secret", "a/../../b", "..", "/etc/passwd", "C:/Windows/win.ini", "c:x", "a\\b",
            "notes#1.txt", "a//b", "dir/", ""})
    void rejectsPathsThatLeaveTheRunOrThatMlflowRejects(String path) {
        assertThatThrownBy(() -> ArtifactPaths.requireSafe(path)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"spec.yaml", "plots/loss.csv", "images/a b+step+1.png", "a..b/c", ".hidden"})
    void acceptsRelativePathsInsideTheRun(String path) {
        assertThat(ArtifactPaths.requireSafe(path)).isEqualTo(path);
    }

    @Test
    void encodesLikePythonsQuoteKeepingSlashes() {
        assertThat(ArtifactPaths.encode("images/samples~grid x+step+3+timestamp+17.png"))
                .isEqualTo("images/samples~grid%20x%2Bstep%2B3%2Btimestamp%2B17.png");
        assertThat(ArtifactPaths.encode("ü%?.txt")).isEqualTo("%C3%BC%25%3F.txt");
    }

    @Test
    void resolvesProxiedArtifactLocationsAgainstTheTrackingUri() {
        ArtifactUploader plain = uploader("http://127.0.0.1:5000");
        ArtifactUploader prefixed = uploader("https://example.org/mlflow/");

        assertThat(plain.target("mlflow-artifacts:/1/abc/artifacts", "images/a b.png")).isEqualTo(URI.create(
                "http://127.0.0.1:5000/api/2.0/mlflow-artifacts/artifacts/1/abc/artifacts/images/a%20b.png"));
        assertThat(prefixed.target("mlflow-artifacts:/1/abc/artifacts", "spec.yaml")).isEqualTo(URI.create(
                "https://example.org/mlflow/api/2.0/mlflow-artifacts/artifacts/1/abc/artifacts/spec.yaml"));
        assertThat(plain.target("mlflow-artifacts://other:6000/1/abc/artifacts", "x")).isEqualTo(URI.create(
                "http://other:6000/api/2.0/mlflow-artifacts/artifacts/1/abc/artifacts/x"));
    }

    @Test
    void refusesArtifactLocationsTheServerDoesNotProxy() {
        ArtifactUploader uploader = uploader("http://127.0.0.1:5000");

        assertThatThrownBy(() -> uploader.target("s3://bucket/1/abc/artifacts", "x"))
                .isInstanceOf(dev.genlab.api.GenLabException.class)
                .hasMessageContaining("s3://bucket/1/abc/artifacts")
                .hasMessageContaining("--serve-artifacts");
    }

    private static ArtifactUploader uploader(String trackingUri) {
        return new ArtifactUploader(URI.create(trackingUri), MlflowCredentials.NONE, Duration.ofSeconds(5));
    }
}
