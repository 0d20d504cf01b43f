package dev.genlab.core.tracking;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP server answering each path with scripted responses and recording what it was sent, for the
 * failures a real MLflow server cannot be made to produce on demand (errors, authentication).
 */
final class ScriptedHttpServer implements AutoCloseable {
    record Response(int status, String body) {
    }

    record Request(String method, String path, String authorization) {
    }

    private final HttpServer server;
    private final Map<String, Deque<Response>> script = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    ScriptedHttpServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            exchange.getRequestBody().readAllBytes();
            requests.add(new Request(exchange.getRequestMethod(), path, exchange.getRequestHeaders().getFirst("Authorization")));
            Deque<Response> responses = script.getOrDefault(path, new ArrayDeque<>());
            // The last scripted response keeps answering; unscripted paths are 404 as in MLflow.
            Response response = responses.size() > 1 ? responses.poll() : responses.isEmpty()
                    ? new Response(404, "{\"error_code\": \"ENDPOINT_NOT_FOUND\", \"message\": \"no such path\"}")
                    : responses.peek();
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    /** Answers {@code path} with {@code responses} in turn, repeating the last one. */
    ScriptedHttpServer on(String path, Response... responses) {
        script.put(path, new ArrayDeque<>(List.of(responses)));
        return this;
    }

    /** Answers like an MLflow server with an empty experiment and one run whose artifacts it proxies. */
    ScriptedHttpServer actingAsMlflow() {
        return on("/api/2.0/mlflow/experiments/search", new Response(200,
                "{\"experiments\": [{\"experiment_id\": \"7\", \"name\": \"e\", \"lifecycle_stage\": \"active\"}]}"))
                .on("/api/2.0/mlflow/runs/create", new Response(200,
                        "{\"run\": {\"info\": {\"run_id\": \"r1\", \"experiment_id\": \"7\","
                                + " \"artifact_uri\": \"mlflow-artifacts:/7/r1/artifacts\"}}}"))
                .on("/api/2.0/mlflow/runs/log-batch", new Response(200, "{}"))
                .on("/api/2.0/mlflow/runs/update", new Response(200, "{}"))
                .on("/api/2.0/mlflow-artifacts/artifacts/7/r1/artifacts/spec.yaml", new Response(200, "{}"));
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
