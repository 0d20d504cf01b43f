package dev.genlab.plugins.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.genlab.api.Dataset;
import dev.genlab.api.DatasetContext;
import dev.genlab.api.GenLabException;
import dev.genlab.api.GenLabException.Category;
import dev.genlab.testing.SharedDatasets;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads from a real HTTP server on the loopback interface that serves the shared MNIST files under
 * {@code /mnist/}; nothing else exists on it, so other paths answer 404. No real mirror is ever contacted.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DownloadTest {
    private static final Path SERVED = SharedDatasets.mnist();
    private static final List<String> FILES = List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
    private static final String REFUSED = "cannot connect (refused, or no network)";

    @TempDir
    Path temp;

    private HttpServer server;
    private final Queue<String> requests = new ConcurrentLinkedQueue<>();
    private final List<String> messages = new ArrayList<>();
    private String mirror;
    private String missingMirror;
    private String closedMirror;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/mnist/", this::serve);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        mirror = base + "/mnist/";
        missingMirror = base + "/gone/";
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedMirror = "http://127.0.0.1:" + socket.getLocalPort() + "/mnist/"; // refused once closed
        }
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.add(path);
        Path file = SERVED.resolve(path.substring("/mnist/".length()));
        if (!Files.isRegularFile(file)) {
            exchange.sendResponseHeaders(404, -1);
        } else {
            exchange.sendResponseHeaders(200, Files.size(file));
            try (OutputStream body = exchange.getResponseBody()) {
                Files.copy(file, body);
            }
        }
        exchange.close();
    }

    @Test
    void downloadsTheMissingFilesAndLoadsThem() throws IOException {
        Path dataRoot = temp.resolve("data");
        MnistDatasetFactory factory = new MnistDatasetFactory(TestFiles.withMd5sOf(Variant.MNIST, SERVED));

        // no dataDir: the files go to the data root's mnist/ sub-directory, created on the way
        Dataset dataset = factory.create(parameters(Optional.empty(), true, List.of(mirror)), context(dataRoot));

        Path dir = dataRoot.resolve("mnist");
        assertThat(dataset.source()).isEqualTo(dir.toString());
        assertThat(dataset.train().size()).isEqualTo(100);
        assertThat(dataset.train().labels()[0]).isEqualTo(5);
        for (String name : FILES) {
            assertThat(dir.resolve(name)).hasSameBinaryContentAs(SERVED.resolve(name));
        }
        assertThat(listing(dir)).containsExactlyInAnyOrderElementsOf(FILES); // no temporary files left
        assertThat(messages).contains("Downloading train-images-idx3-ubyte.gz from " + mirror + " (9.7 MB)",
                "Downloading t10k-labels-idx1-ubyte.gz from " + mirror + " (4.5 kB)");
    }

    @Test
    void onlyTheMissingFilesAreFetched() throws IOException {
        Path dir = temp.resolve("mnist");
        Files.createDirectories(dir);
        for (String name : List.of("train-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte.gz")) {
            Files.copy(SERVED.resolve(name), dir.resolve(name));
        }
        MnistDatasetFactory factory = new MnistDatasetFactory(TestFiles.withMd5sOf(Variant.MNIST, SERVED));

        factory.create(parameters(Optional.of(dir), true, List.of(mirror)), context(temp));

        assertThat(requests).containsExactly("/mnist/train-labels-idx1-ubyte.gz", "/mnist/t10k-labels-idx1-ubyte.gz");
    }

    @Test
    void aDownloadThatDoesNotMatchItsMd5FailsAndLeavesNothingBehind() throws IOException {
        Path dir = temp.resolve("mnist");
        // the official MD5s: the shared files were recompressed, so the served bytes cannot match them
        Downloader downloader = new Downloader("mnist", Mirrors.parse(List.of(mirror)), messages::add);

        assertThatExceptionOfType(GenLabException.class)
                .isThrownBy(() -> downloader.download(dir, Variant.MNIST.files()))
                .matches(e -> e.category() == Category.DATA)
                .withMessageContaining("train-images-idx3-ubyte.gz")
                .withMessageContaining(mirror + "train-images-idx3-ubyte.gz")
                .withMessageContaining("MD5 " + TestFiles.md5(SERVED.resolve("train-images-idx3-ubyte.gz")))
                .withMessageContaining("expected f68b3c2dcbeaaa9fbdd348bbdeb94873");
        assertThat(listing(dir)).isEmpty();
        assertThat(requests).as("a bad file is not fetched again elsewhere").hasSize(1);
    }

    @Test
    void aMirrorThatIsDownOrLacksTheFileFallsOverToTheNext() throws IOException {
        Path dir = temp.resolve("mnist");
        Downloader downloader = new Downloader("mnist", Mirrors.parse(List.of(closedMirror, missingMirror, mirror)),
                messages::add);

        downloader.download(dir, List.of(new DataFile("t10k-labels-idx1-ubyte.gz",
                TestFiles.md5(SERVED.resolve("t10k-labels-idx1-ubyte.gz")))));

        assertThat(dir.resolve("t10k-labels-idx1-ubyte.gz"))
                .hasSameBinaryContentAs(SERVED.resolve("t10k-labels-idx1-ubyte.gz"));
        assertThat(requests).containsExactly("/gone/t10k-labels-idx1-ubyte.gz", "/mnist/t10k-labels-idx1-ubyte.gz");
        assertThat(messages).contains(
                "Could not download " + closedMirror + "t10k-labels-idx1-ubyte.gz: " + REFUSED,
                "Could not download " + missingMirror + "t10k-labels-idx1-ubyte.gz: HTTP status 404");
    }

    @Test
    void whenEveryMirrorFailsTheErrorSaysWhichFilesToPutWhere() throws IOException {
        Path dir = temp.resolve("mnist");
        MnistDatasetFactory factory = new MnistDatasetFactory(TestFiles.withMd5sOf(Variant.MNIST, SERVED));

        assertThatExceptionOfType(GenLabException.class)
                .isThrownBy(() -> factory.create(parameters(Optional.of(dir), true,
                        List.of(closedMirror, missingMirror)), context(temp)))
                .matches(e -> e.category() == Category.DATA)
                .withMessageContaining("no mirror delivered train-images-idx3-ubyte.gz")
                .withMessageContaining("Put these files into " + dir)
                .withMessageContaining(closedMirror + "train-images-idx3-ubyte.gz")
                .withMessageContaining(closedMirror + "t10k-labels-idx1-ubyte.gz")
                .withMessageContaining("Other mirrors: " + missingMirror)
                .withMessageContaining("dataDir")
                .withMessageContaining("GENLAB_DATA_DIR")
                .satisfies(e -> assertThat(e.problems()).hasSize(2)
                        .containsExactly(closedMirror + "train-images-idx3-ubyte.gz: " + REFUSED,
                                missingMirror + "train-images-idx3-ubyte.gz: HTTP status 404"));
        assertThat(listing(dir)).isEmpty();
    }

    @Test
    void withDownloadOffMissingFilesAreNamedAndTheNetworkIsNotTouched() throws IOException {
        Path dir = temp.resolve("mnist");
        Files.createDirectories(dir);
        Files.copy(SERVED.resolve("train-labels-idx1-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte.gz"));
        MnistDatasetFactory factory = new MnistDatasetFactory(Variant.MNIST);

        assertThatExceptionOfType(GenLabException.class)
                .isThrownBy(() -> factory.create(parameters(Optional.of(dir), false, List.of(mirror)), context(temp)))
                .matches(e -> e.category() == Category.DATA)
                .withMessageContaining("download is off")
                .withMessageContaining("Put these files into " + dir)
                .withMessageContaining(mirror + "train-images-idx3-ubyte.gz")
                .withMessageNotContaining("train-labels-idx1-ubyte.gz");
        assertThat(requests).isEmpty();
    }

    @Test
    void withNoMirrorsTheOfficialOnesAreSuggested() {
        Path dir = temp.resolve("mnist");
        MnistDatasetFactory factory = new MnistDatasetFactory(Variant.MNIST);

        assertThatExceptionOfType(GenLabException.class)
                .isThrownBy(() -> factory.create(parameters(Optional.of(dir), true, List.of()), context(temp)))
                .matches(e -> e.category() == Category.DATA)
                .withMessageContaining("no mirrors are configured")
                .withMessageContaining("https://ossci-datasets.s3.amazonaws.com/mnist/train-images-idx3-ubyte.gz")
                .withMessageContaining("Other mirrors: https://storage.googleapis.com/cvdf-datasets/mnist/");
    }

    private static MnistParameters parameters(Optional<Path> dataDir, boolean download, List<String> mirrors) {
        return new MnistParameters(dataDir, Optional.of(100), Optional.of(100), Optional.empty(), download, mirrors, Map.of());
    }

    private DatasetContext context(Path dataRoot) {
        return new DatasetContext(dataRoot, 1, messages::add);
    }

    private static List<String> listing(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }
}
