package dev.genlab.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.api.Dataset;
import dev.genlab.api.Model;
import dev.genlab.evaluation.ClassifierCache;
import dev.genlab.evaluation.EvaluationClassifier;
import dev.genlab.testing.BoundSpec;
import dev.genlab.testing.GenLabFixture;
import dev.genlab.testing.RecordedRun;
import dev.genlab.testing.SharedDatasets;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The conditional VAE and DCGAN of {@code experiments/cvae-mnist.yaml} and {@code cgan-mnist.yaml}, trained briefly
 * on real MNIST through the runner: they make images of the class asked for, as the evaluation classifier judges
 * them, the run logs its label agreement and train-on-synthetic accuracy, and {@code genlab sample --labels} writes
 * images with their labels.
 */
class ConditionalModelsTest {
    private static final int CLASSES = 10;
    private static final int PER_CLASS = 50;
    /** Pixels of a progress grid 8 samples wide with one row per class (2-pixel gaps, images at twice their size). */
    private static final int GRID_WIDTH = 2 + 8 * (2 + 2 * 28);
    private static final int GRID_HEIGHT = 2 + CLASSES * (2 + 2 * 28);

    private final GenLabFixture genlab = GenLabFixture.create();

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void aConditionalVaeMakesTheRequestedClassesAndSampleWritesThemWithTheirLabels(@TempDir Path directory)
            throws IOException {
        // 2 epochs of 63 steps: scores at step 0 and at the end
        String[] quick = {"dataset.balancedSubset=2000", "dataset.testSubset=500",
            "dataset.dataDir=" + SharedDatasets.mnist(), "training.epochs=2", "training.batchSize=32",
            "training.optimizer.learningRate=5e-3", "tracking.uri=none", "tracking.imageEvery=126",
            "tracking.tstrSamples=1000", "tracking.augmentation=true"};
        Path spec = Cli.repository().resolve("experiments/cvae-mnist.yaml");
        RecordedRun run = genlab.run(Files.readString(spec), quick);

        assertLogsItsConditionalScores(run);
        // the classifier trained on the 2,000 real images alone, and with the 1,000 generated ones: both learn
        assertThat(run.values("score/real_accuracy")).singleElement().satisfies(accuracy ->
                assertThat(accuracy).isGreaterThan(0.8));
        assertThat(run.values("score/augmented_accuracy")).singleElement().satisfies(accuracy ->
                assertThat(accuracy).isGreaterThan(0.8));
        Path saved = savedRun(run, directory.resolve("run"));
        BoundSpec bound = genlab.spec(spec, quick);
        EvaluationClassifier classifier = classifier(bound.dataset());
        try (Model model = bound.loadModel(saved.resolve("model"))) {
            assertThat(model.conditionalClasses()).isEqualTo(CLASSES);
            assertMakesTheRequestedClasses(model, classifier);
        }

        // an IDX export with its labels beside it, MNIST's names: balanced, shuffled, and the images of their label
        Path images = directory.resolve("synthetic/train-images-idx3-ubyte.gz");
        Cli sampled = Cli.run("sample", saved.toString(), "--count", "500", "--labels", "0-9", "--out",
                images.toString());
        assertThat(sampled.status()).as(sampled.err()).isZero();
        Path labels = directory.resolve("synthetic/train-labels-idx1-ubyte.gz");
        assertThat(sampled.err()).contains("Wrote their labels (classes 0,1,2,3,4,5,6,7,8,9, balanced, shuffled) to "
                + labels);
        INDArray written = readImages(images, 500);
        int[] writtenLabels = readLabels(labels, 500);
        assertThat(histogram(writtenLabels)).containsExactly(50, 50, 50, 50, 50, 50, 50, 50, 50, 50);
        assertThat(Arrays.stream(writtenLabels, 0, 50).distinct().count()).as("shuffled, not class by class")
                .isGreaterThan(1);
        int[] predicted = classifier.predict(written);
        long agreeing = java.util.stream.IntStream.range(0, 500).filter(i -> predicted[i] == writtenLabels[i])
                .count();
        assertThat(agreeing).as("images agreeing with the label file").isGreaterThan(400);

        // a list of classes that does not divide the count: the first ones get one more; uncompressed names
        Path three = directory.resolve("three-images-idx3-ubyte");
        assertThat(Cli.run("sample", saved.toString(), "--count", "10", "--labels", "3,5,7", "--out",
                three.toString()).status()).isZero();
        assertThat(histogram(readLabels(directory.resolve("three-labels-idx1-ubyte"), 10)))
                .containsExactly(0, 0, 0, 4, 0, 3, 0, 3, 0, 0);
        assertThat(readImages(three, 10).rows()).isEqualTo(10);

        // a PNG grid: by default 8 of each class, one row per class
        Path grid = directory.resolve("grid.png");
        assertThat(Cli.run("sample", saved.toString(), "--labels", "0-9", "--out", grid.toString()).status())
                .isZero();
        var picture = ImageIO.read(grid.toFile());
        assertThat(picture.getWidth()).isEqualTo(GRID_WIDTH);
        assertThat(picture.getHeight()).isEqualTo(GRID_HEIGHT);

        assertRefused(saved, "one line", "--labels", "0-9", "--out", directory.resolve("x-idx3-ubyte").toString());
        assertRefused(saved, "--labels '0-x': give a range (0-9) or a list (3,5,7) of different class numbers",
                "--labels", "0-x");
        assertRefused(saved, "--labels '3,3': give a range", "--labels", "3,3");
        assertRefused(saved, "--labels: class 10 is not one of model 'vae''s 10 classes (0-9)", "--labels", "5-10",
                "--out", directory.resolve("y-images-idx3-ubyte").toString());
        assertRefused(saved, "--count 64: a PNG grid with --labels has one row per class, so the count must be a"
                + " multiple of the 10 classes asked for", "--labels", "0-9", "--count", "64", "--out",
                directory.resolve("z.png").toString());
        assertThat(directory.resolve("y-images-idx3-ubyte")).doesNotExist();
        assertThat(directory.resolve("y-labels-idx1-ubyte")).doesNotExist();
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void aConditionalDcganMakesTheRequestedClasses(@TempDir Path directory) throws IOException {
        // the reference layers narrowed (generator 16-8-4, discriminator 8-32-32) at batch 32, as GanLearningTest
        String[] quick = {"dataset.trainSubset=5000", "dataset.testSubset=500",
            "dataset.dataDir=" + SharedDatasets.mnist(), "training.iterations=400", "training.batchSize=32",
            "model.generatorFilters=16", "model.discriminatorFilters=8", "tracking.uri=none",
            "tracking.imageEvery=400", "tracking.tstrSamples=1000"};
        Path spec = Cli.repository().resolve("experiments/cgan-mnist.yaml");
        RecordedRun run = genlab.run(Files.readString(spec), quick);

        assertLogsItsConditionalScores(run);
        BoundSpec bound = genlab.spec(spec, quick);
        try (Model model = bound.loadModel(savedRun(run, directory).resolve("model"))) {
            assertMakesTheRequestedClasses(model, classifier(bound.dataset()));
        }
    }

    @Test
    void anUnconditionalModelRefusesLabelsNamingItsType(@TempDir Path directory) throws IOException {
        BoundSpec spec = genlab.spec(Cli.repository().resolve("experiments/vae-mnist.yaml"),
                "dataset.trainSubset=100", "dataset.testSubset=100", "dataset.dataDir=" + SharedDatasets.mnist());
        Path run = Files.createDirectories(directory.resolve("artifacts"));
        Files.writeString(run.resolve("spec.yaml"), spec.resolvedYaml());
        try (Model model = spec.createModel()) {
            model.save(run.resolve("model"));
        }

        Cli refused = Cli.run("sample", run.toString(), "--labels", "0-9");

        assertThat(refused.status()).as(refused.err()).isEqualTo(2);
        assertThat(refused.err().strip()).isEqualTo("error [config]: --labels: model 'vae' of " + run + " is not"
                + " conditional, so it cannot make images of a requested class (train it with model.conditional:"
                + " true)");
    }

    /** Label agreement at step 0 and the end, better at the end; the train-on-synthetic accuracy once, above chance. */
    private static void assertLogsItsConditionalScores(RecordedRun run) {
        List<Double> agreement = run.values("score/label_agreement");
        assertThat(agreement).hasSize(2);
        assertThat(agreement.get(1)).isGreaterThan(agreement.get(0)).isGreaterThan(0.7);
        assertThat(run.testMetrics()).containsKey("score/label_agreement");
        assertThat(run.values("score/tstr_accuracy")).singleElement().satisfies(accuracy ->
                assertThat(accuracy).isGreaterThan(0.3));
        assertThat(run.images("samples")).allSatisfy(image -> {
            assertThat(image.image().getWidth()).isEqualTo(GRID_WIDTH);
            assertThat(image.image().getHeight()).isEqualTo(GRID_HEIGHT);
        });
    }

    /**
     * For most classes, the class the classifier sees most often in images made for it is that class. A model that
     * ignored its label would make the same images whatever the request, whose most frequent class can match at
     * most one request: the control below asks for one class in place of each.
     */
    private static void assertMakesTheRequestedClasses(Model model, EvaluationClassifier classifier) {
        int matching = 0;
        int matchingIgnoringLabel = 0;
        for (int c = 0; c < CLASSES; c++) {
            int[] requested = new int[PER_CLASS];
            Arrays.fill(requested, c);
            if (mostFrequent(classifier.predict(model.generate(requested, 7))) == c) {
                matching++;
            }
            Arrays.fill(requested, 0);
            if (mostFrequent(classifier.predict(model.generate(requested, 7))) == c) {
                matchingIgnoringLabel++;
            }
        }
        assertThat(matching).as("classes whose own images are mostly judged that class").isGreaterThanOrEqualTo(7);
        assertThat(matchingIgnoringLabel).isLessThanOrEqualTo(1);
    }

    private static EvaluationClassifier classifier(Dataset data) {
        return ClassifierCache.inUserCache().get(data, message -> { }).classifier();
    }

    /** The run's artifact directory as {@code genlab sample} reads it: {@code spec.yaml} and {@code model/}. */
    private static Path savedRun(RecordedRun run, Path directory) throws IOException {
        for (String path : run.artifactPaths()) {
            if (path.equals("spec.yaml") || path.startsWith("model/")) {
                Path file = directory.resolve(path);
                Files.createDirectories(file.getParent());
                Files.write(file, run.artifact(path).orElseThrow());
            }
        }
        assertThat(directory.resolve("spec.yaml")).exists();
        return directory;
    }

    private static void assertRefused(Path run, String message, String... options) {
        String[] args = new String[options.length + 2];
        args[0] = "sample";
        args[1] = run.toString();
        System.arraycopy(options, 0, args, 2, options.length);
        Cli cli = Cli.run(args);
        assertThat(cli.status()).as(cli.err()).isEqualTo(2);
        if (message.equals("one line")) {
            assertThat(cli.err().strip()).startsWith("error [config]: --out ").contains("'images-idx3-ubyte'")
                    .doesNotContain("\n");
        } else {
            // after what loading the run's dataset printed, if anything
            List<String> lines = cli.err().strip().lines().toList();
            assertThat(lines.get(lines.size() - 1)).startsWith("error [config]: " + message);
        }
    }

    private static int mostFrequent(int[] classes) {
        int[] counts = histogram(classes);
        int best = 0;
        for (int c = 1; c < counts.length; c++) {
            if (counts[c] > counts[best]) {
                best = c;
            }
        }
        return best;
    }

    private static int[] histogram(int[] labels) {
        int[] counts = new int[CLASSES];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    private static INDArray readImages(Path file, int count) throws IOException {
        try (DataInputStream in = open(file)) {
            assertThat(in.readInt()).isEqualTo(0x0803);
            assertThat(in.readInt()).isEqualTo(count);
            assertThat(in.readInt()).isEqualTo(28);
            assertThat(in.readInt()).isEqualTo(28);
            byte[] bytes = in.readAllBytes();
            assertThat(bytes).hasSize(count * 784);
            float[] pixels = new float[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                pixels[i] = (bytes[i] & 0xff) / 255f;
            }
            return Nd4j.create(pixels, new long[] {count, 784}, DataType.FLOAT);
        }
    }

    private static int[] readLabels(Path file, int count) throws IOException {
        try (DataInputStream in = open(file)) {
            assertThat(in.readInt()).isEqualTo(0x0801);
            assertThat(in.readInt()).isEqualTo(count);
            byte[] bytes = in.readAllBytes();
            assertThat(bytes).hasSize(count);
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = bytes[i] & 0xff;
            }
            return labels;
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return new DataInputStream(file.toString().endsWith(".gz") ? new GZIPInputStream(in) : in);
    }
}
