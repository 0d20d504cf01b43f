package dev.genlab.tracking.mlflow;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP server answering each path with scripted responses and recording what it was sent, for the
 * failures a real MLflow server cannot be made to produce on demand (errors, lost connections, slowness,
 * authentication).
 */
final class ScriptedHttpServer implements AutoCloseable {
    /** An answer; a negative status closes the connection without answering. */
    record Response(int status, String body, Duration delay) {
        Response(int status, String body) {
            this(status, body, Duration.ZERO);
        }

        static Response dropped() {
            return new Response(-1, "");
        }

        Response after(Duration wait) {
            return new Response(status, body, wait);
        }
    }

    record Request(String method, String path, String authorization, String body) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, Deque<Response>> script = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Duration everyDelay = Duration.ZERO;

    ScriptedHttpServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(exchange.getRequestMethod(), path,
                    exchange.getRequestHeaders().getFirst("Authorization"), body));
            Response response = next(path);
            pause(everyDelay.plus(response.delay()));
            if (response.status() < 0) {
                exchange.close();
                return;
            }
            byte[] answer = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(response.status(), answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    /**
     * Answers {@code path} with {@code responses} in turn, repeating the last one. A path ending in {@code /*}
     * answers every path below it that has no script of its own.
     */
    ScriptedHttpServer on(String path, Response... responses) {
        script.put(path, new ArrayDeque<>(List.of(responses)));
        return this;
    }

    /** Delays every answer by {@code delay}, as a server under load would. */
    ScriptedHttpServer delayingEveryAnswer(Duration delay) {
        everyDelay = delay;
        return this;
    }

    /** Answers like an MLflow server with an empty experiment and one run whose artifacts it proxies. */
    ScriptedHttpServer actingAsMlflow() {
        return on("/api/2.0/mlflow/experiments/search", new Response(200,
                "{\"experiments\": [{\"experiment_id\": \"7\", \"name\": \"e\", \"lifecycle_stage\": \"active\"}]}"))
                .on("/api/2.0/mlflow/runs/search", new Response(200, "{}"))
                .on("/api/2.0/mlflow/runs/create", new Response(200,
                        "{\"run\": {\"info\": {\"run_id\": \"r1\", \"experiment_id\": \"7\","
                                + " \"artifact_uri\": \"mlflow-artifacts:/7/r1/artifacts\"}}}"))
                .on("/api/2.0/mlflow/runs/log-batch", new Response(200, "{}"))
                .on("/api/2.0/mlflow/runs/log-inputs", new Response(200, "{}"))
                .on("/api/2.0/mlflow/runs/update", new Response(200, "{}"))
                .on("/api/2.0/mlflow-artifacts/artifacts/7/r1/artifacts/*", new Response(200, "{}"));
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> requests(String path) {
        return requests.stream().filter(request -> request.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private synchronized Response next(String path) {
        Deque<Response> responses = script.get(path);
        if (responses == null) {
            responses = script.entrySet().stream()
                    .filter(entry -> entry.getKey().endsWith("/*")
                            && path.startsWith(entry.getKey().substring(0, entry.getKey().length() - 1)))
                    .map(Map.Entry::getValue).findFirst().orElse(new ArrayDeque<>());
        }
        // The last scripted response keeps answering; unscripted paths are 404 as in MLflow.
        return responses.size() > 1 ? responses.poll() : responses.isEmpty()
                ? new Response(404, "{\"error_code\": \"ENDPOINT_NOT_FOUND\", \"message\": \"no such path\"}")
                : responses.peek();
    }

    private static void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
