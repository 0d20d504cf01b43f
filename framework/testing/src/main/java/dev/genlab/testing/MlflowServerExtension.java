package dev.genlab.testing;

import static java.util.Objects.requireNonNull;

import dev.genlab.mlflow.server.MlflowServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one real MLflow server per test JVM, the first time a test asks for it, and stops it when all tests
 * have run. Starting takes several seconds, so sharing it keeps the suite fast; tests stay independent by
 * using their own experiment names.
 */
public final class MlflowServerExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MlflowServerExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == MlflowServer.class || type == URI.class || type == MlflowRest.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        MlflowServer server = sharedServer(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == MlflowServer.class) {
            return server;
        }
        if (type == URI.class) {
            return server.uri();
        }
        return new MlflowRest(server.uri());
    }

    private static MlflowServer sharedServer(ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        try {
            return store.getOrComputeIfAbsent(RunningServer.class, key -> RunningServer.start(), RunningServer.class).server();
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("Cannot start the MLflow server these tests need (`pip install mlflow`,"
                    + " or set " + MlflowServer.EXECUTABLE_ENV + "): " + e.getMessage(), e);
        }
    }

    /** The shared server and its temporary directory, both removed when the test plan ends. */
    private record RunningServer(MlflowServer server, Path directory) implements ExtensionContext.Store.CloseableResource {
        RunningServer {
            requireNonNull(server, "server is null");
            requireNonNull(directory, "directory is null");
        }

        static RunningServer start() {
            Path directory;
            try {
                directory = Files.createTempDirectory("genlab-mlflow-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new RunningServer(MlflowServer.start(directory), directory);
        }

        @Override
        public void close() throws IOException {
            server.close();
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
