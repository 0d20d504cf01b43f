package dev.genlab.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.api.Dataset;
import dev.genlab.api.Split;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache trains a classifier once per dataset and size, however many runs ask for it at once. */
class ClassifierCacheTest {
    private static final String TRAINING = "Training the evaluation classifier for bars";
    private static final String WAITING = "Waiting for another run that is training the evaluation classifier";

    @Test
    void trainsOncePerDatasetAndSize(@TempDir Path root) {
        ClassifierCache cache = new ClassifierCache(root, 1);
        Split test = EvaluationClassifierTest.bars(new Random(6), 100);
        Dataset data = GenerativeEvaluationTest.dataset(EvaluationClassifierTest.bars(new Random(5), 400), test);
        List<String> first = new ArrayList<>();
        ClassifierCache.Entry trained = cache.get(data, first::add);
        List<String> second = new ArrayList<>();
        ClassifierCache.Entry read = cache.get(data, second::add);

        assertThat(first).first().asString().startsWith(TRAINING);
        assertThat(second).isEmpty();
        assertThat(read.testAccuracy()).isEqualTo(trained.testAccuracy());
        assertThat(read.classifier().predict(test.features())).containsExactly(
                trained.classifier().predict(test.features()));
        Dataset smaller = GenerativeEvaluationTest.dataset(EvaluationClassifierTest.bars(new Random(5), 200), test);
        assertThat(cache.key(smaller)).isNotEqualTo(cache.key(data));
    }

    @Test
    void aDatasetMadeFromAnotherHasAKeyOfItsOwn(@TempDir Path root) {
        ClassifierCache cache = new ClassifierCache(root, 6);
        Split images = EvaluationClassifierTest.bars(new Random(5), 40);
        Dataset grey = new Dataset("mnist", GenerativeEvaluationTest.SHAPE, List.of("a", "b", "c", "d"), images,
                images, "memory", "b2d8f5bf39174ee5");
        Dataset binarized = new Dataset("mnist", grey.shape(), grey.classes(), images, images, "memory",
                "b2d8f5bf39174ee5-binarized-0.5");
        Dataset otherThreshold = new Dataset("mnist", grey.shape(), grey.classes(), images, images, "memory",
                "b2d8f5bf39174ee5-binarized-0.3");

        assertThat(cache.key(grey)).isEqualTo("mnist-b2d8f5bf39174ee5-40-e6");
        assertThat(cache.key(binarized)).matches("mnist-[0-9a-f]{16}-40-e6").isNotEqualTo(cache.key(grey))
                .isNotEqualTo(cache.key(otherThreshold));
    }

    @Test
    void twoRunsAskingAtOnceTrainOneClassifierAndBothGetIt(@TempDir Path root) throws Exception {
        Dataset data = dataset();
        List<String> messages = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<ClassifierCache.Entry> entries = new ArrayList<>();
        Callable<ClassifierCache.Entry> run = () -> new ClassifierCache(root, 1).get(data, messages::add);
        try {
            for (Future<ClassifierCache.Entry> entry : pool.invokeAll(List.of(run, run))) {
                entries.add(entry.get());
            }
        } finally {
            pool.shutdown();
        }
        assertThat(messages).filteredOn(line -> line.startsWith(TRAINING)).hasSize(1);
        assertThat(entries.get(0).testAccuracy()).isEqualTo(entries.get(1).testAccuracy());
        // the classifier and its lock file, no temporary directory left behind
        try (Stream<Path> files = Files.list(root)) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder(new ClassifierCache(root, 1).key(data),
                            new ClassifierCache(root, 1).key(data) + ".lock");
        }
    }

    @Test
    void aRunWaitsWhileAnotherProcessTrainsTheClassifierThenUsesIt(@TempDir Path root) throws Exception {
        ClassifierCache cache = new ClassifierCache(root, 1);
        Dataset data = dataset();
        Path lockFile = root.resolve(cache.key(data) + ".lock");
        // another process holds the lock (a POSIX record lock, as Java's FileLock takes on Linux) for two seconds
        Process other = new ProcessBuilder("python3", "-c", "import fcntl, sys, time\n"
                + "f = open(sys.argv[1], 'w')\n"
                + "fcntl.lockf(f, fcntl.LOCK_EX)\n"
                + "print('locked', flush=True)\n"
                + "time.sleep(2)\n", lockFile.toString()).redirectErrorStream(true).start();
        try (BufferedReader output = new BufferedReader(new InputStreamReader(other.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(output.readLine()).isEqualTo("locked");
            List<String> messages = new ArrayList<>();
            long started = System.nanoTime();
            ClassifierCache.Entry entry = cache.get(data, messages::add);

            assertThat(messages).first().asString().startsWith(WAITING);
            assertThat(messages).filteredOn(line -> line.startsWith(TRAINING)).hasSize(1);
            assertThat(other.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(System.nanoTime() - started).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(1_000));
            assertThat(entry.testAccuracy()).isBetween(0.0, 1.0);
        } finally {
            other.destroyForcibly();
        }
    }

    private static Dataset dataset() {
        return GenerativeEvaluationTest.dataset(EvaluationClassifierTest.bars(new Random(7), 200),
                EvaluationClassifierTest.bars(new Random(8), 50));
    }
}
