package dev.genlab.plugins.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.genlab.api.DatasetContext;
import dev.genlab.api.DatasetFactory;
import dev.genlab.api.Description;
import dev.genlab.api.GenLabException;
import dev.genlab.api.GenLabException.Category;
import dev.genlab.api.Min;
import dev.genlab.api.Plugin;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** What the runner sees of the plugin: found by ServiceLoader, two datasets, described parameters. */
class MnistPluginTest {
    @Test
    void serviceLoaderFindsBothDatasets() {
        List<DatasetFactory<?>> datasets = ServiceLoader.load(Plugin.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(MnistPlugin.class::isInstance)
                .flatMap(plugin -> plugin.datasets().stream())
                .toList();

        assertThat(datasets).extracting(DatasetFactory::name).containsExactly("mnist", "fashion-mnist");
        assertThat(datasets).allSatisfy(factory -> {
            assertThat(factory.description()).isNotBlank();
            assertThat(factory.parametersType()).isEqualTo(MnistParameters.class);
        });
    }

    @Test
    void defaultsDownloadFromTheCanonicalMirrorsIntoTheDataRoot() {
        MnistParameters mnist = new MnistDatasetFactory(Variant.MNIST).defaults();
        MnistParameters fashion = new MnistDatasetFactory(Variant.FASHION_MNIST).defaults();

        assertThat(mnist.dataDir()).isEmpty();
        assertThat(mnist.trainSubset()).isEmpty();
        assertThat(mnist.testSubset()).isEmpty();
        assertThat(mnist.download()).isTrue();
        assertThat(mnist.sha256()).isEmpty();
        assertThat(mnist.mirrors()).containsExactly("https://ossci-datasets.s3.amazonaws.com/mnist/",
                "https://storage.googleapis.com/cvdf-datasets/mnist/");
        assertThat(fashion.mirrors()).containsExactly("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");
    }

    @Test
    void everyParameterIsDescribedAndSubsetsArePositive() {
        RecordComponent[] components = MnistParameters.class.getRecordComponents();

        assertThat(components).allSatisfy(c -> assertThat(c.getAnnotation(Description.class)).isNotNull());
        assertThat(Arrays.stream(components).filter(c -> c.getAnnotation(Min.class) != null)
                .map(c -> c.getName() + ">=" + c.getAnnotation(Min.class).value()))
                .containsExactly("trainSubset>=1.0", "testSubset>=1.0", "balancedSubset>=1.0", "binarize>=0.0");
    }

    @Test
    void badMirrorsAndChecksumsAreReportedTogetherBeforeAnyFileIsRead() {
        MnistDatasetFactory factory = new MnistDatasetFactory(Variant.MNIST);
        MnistParameters badMirrors = new MnistParameters(Optional.of(Path.of("does-not-exist")), Optional.empty(),
                Optional.empty(), Optional.empty(), true, List.of("ftp://example.org/mnist/", "https://ok.example/", "not a url"),
                Map.of());
        MnistParameters badSha = new MnistParameters(Optional.of(Path.of("does-not-exist")), Optional.empty(),
                Optional.empty(), Optional.empty(), true, List.of(), Map.of("train-images.gz", "0".repeat(64),
                        "t10k-labels-idx1-ubyte.gz", "abc"));

        assertThatExceptionOfType(GenLabException.class).isThrownBy(() -> factory.create(badMirrors, context()))
                .matches(e -> e.category() == Category.CONFIG)
                .satisfies(e -> assertThat(e.problems()).containsExactly(
                        "dataset.mirrors[0]: 'ftp://example.org/mnist/' is not an http or https URL",
                        "dataset.mirrors[2]: 'not a url' is not a URL (Illegal character in path)"));
        assertThatExceptionOfType(GenLabException.class).isThrownBy(() -> factory.create(badSha, context()))
                .matches(e -> e.category() == Category.CONFIG)
                .satisfies(e -> assertThat(e.problems()).containsExactly(
                        "dataset.sha256.t10k-labels-idx1-ubyte.gz: 'abc' is not a SHA-256 (64 hex digits)",
                        "dataset.sha256.train-images.gz: not a file of mnist; the files are train-images-idx3-ubyte.gz,"
                                + " train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz"));
    }

    private static DatasetContext context() {
        return new DatasetContext(Path.of("unused"), 1, message -> { });
    }
}
