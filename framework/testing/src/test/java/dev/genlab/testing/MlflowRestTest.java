package dev.genlab.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genlab.mlflow.server.MlflowServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

@WithMlflowServer
class MlflowRestTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void injectsOneSharedServerAsServerUriAndReader(MlflowServer server, URI uri, MlflowRest rest) {
        assertThat(uri).isEqualTo(server.uri());
        assertThat(rest.experimentByName("Default")).isPresent();
    }

    @Test
    void readsBackWhatWasLoggedThroughPlainRest(URI uri, MlflowRest rest) throws Exception {
        String experimentId = post(uri, "experiments/create", "{\"name\":\"rest-reader\"}").path("experiment_id").asText();
        JsonNode info = post(uri, "runs/create", "{\"experiment_id\":\"" + experimentId + "\",\"run_name\":\"r1\"}")
                .path("run").path("info");
        String runId = info.path("run_id").asText();
        post(uri, "runs/log-batch", """
                {"run_id":"%s",
                 "params":[{"key":"lr","value":"0.01"}],
                 "tags":[{"key":"team","value":"genlab"}],
                 "metrics":[{"key":"loss","value":2.0,"timestamp":10,"step":0},
                            {"key":"loss","value":1.0,"timestamp":20,"step":1}]}
                """.formatted(runId));
        String root = info.path("artifact_uri").asText().substring("mlflow-artifacts:".length());
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(
                uri.resolve("/api/2.0/mlflow-artifacts/artifacts" + root + "/dir/a%20b.txt"))
                .PUT(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(200);

        MlflowRest.Run run = rest.run(runId);
        assertThat(run.runName()).isEqualTo("r1");
        assertThat(run.status()).isEqualTo("RUNNING");
        assertThat(run.params()).containsEntry("lr", "0.01");
        assertThat(run.tags()).containsEntry("team", "genlab");
        assertThat(run.metrics()).containsEntry("loss", 1.0);
        assertThat(rest.metricHistory(runId, "loss")).containsExactly(
                new MlflowRest.Metric(0, 2.0, 10), new MlflowRest.Metric(1, 1.0, 20));
        assertThat(rest.artifacts(runId, "")).containsExactly(new MlflowRest.ArtifactFile("dir", true, 0));
        assertThat(rest.artifactFilesRecursively(runId, "")).containsExactly("dir/a b.txt");
        assertThat(new String(rest.download(runId, "dir/a b.txt"), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(rest.experimentByName("rest-reader")).get()
                .extracting(MlflowRest.Experiment::experimentId).isEqualTo(experimentId);
        assertThat(rest.experimentByName("no-such-experiment")).isEmpty();
        assertThat(rest.searchRuns(experimentId)).extracting(MlflowRest.Run::runId).containsExactly(runId);
    }

    private JsonNode post(URI uri, String endpoint, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri.resolve("/api/2.0/mlflow/" + endpoint))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }
}
