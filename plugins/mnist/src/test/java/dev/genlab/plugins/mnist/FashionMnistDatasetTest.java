package dev.genlab.plugins.mnist;

import dev.genlab.testing.SharedDatasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.genlab.api.Dataset;
import dev.genlab.api.DatasetContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shared Fashion-MNIST files, whose images are genuine but re-ordered, so their checksums differ from the
 * official release: they must load on their structure alone.
 */
class FashionMnistDatasetTest {
    private static Dataset fashion;

    @BeforeAll
    static void loadOnce() {
        MnistParameters parameters = new MnistParameters(Optional.of(SharedDatasets.fashionMnist()), Optional.empty(),
                Optional.empty(), Optional.empty(), false, List.of(), Map.of());
        fashion = new MnistDatasetFactory(Variant.FASHION_MNIST)
                .create(parameters, new DatasetContext(Path.of("unused"), 1, message -> { }));
    }

    @Test
    void loadsSixtyThousandTrainingAndTenThousandTestImagesOfTenClothes() {
        assertThat(fashion.name()).isEqualTo("fashion-mnist");
        assertThat(fashion.classes()).containsExactly("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
                "Shirt", "Sneaker", "Bag", "Ankle boot");
        assertThat(fashion.train().features().shape()).containsExactly(60000, 784);
        assertThat(fashion.test().features().shape()).containsExactly(10000, 784);
        assertThat(fashion.train().labels()[0]).as("an ankle boot").isEqualTo(9);
    }

    @Test
    void classesAreBalanced() {
        assertThat(counts(fashion.train().labels())).containsOnly(6000);
        assertThat(counts(fashion.test().labels())).containsOnly(1000);
    }

    @Test
    void pixelsLieInTheUnitIntervalWithTheKnownMean() {
        assertThat(fashion.train().features().minNumber().doubleValue()).isEqualTo(0.0);
        assertThat(fashion.train().features().maxNumber().doubleValue()).isEqualTo(1.0);
        assertThat(TestFiles.mean(fashion.train().features())).isCloseTo(0.2860, within(0.0001));
    }

    private static int[] counts(int[] labels) {
        int[] counts = new int[10];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }
}
