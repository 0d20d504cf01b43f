package dev.genlab.plugins.ae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.genlab.api.Split;
import dev.genlab.testing.GenLabFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.conditions.Conditions;

/** Each corruption does what its name says to real MNIST images, and the same seed draws the same noise. */
class CorruptionTest {
    private static final long SEED = 42;
    private static Split images;

    @BeforeAll
    static void loadImages() {
        images = GenLabFixture.create().spec("""
                experiment: corruption
                dataset: {type: mnist, trainSubset: 256, testSubset: 256}
                model: dae
                training: {epochs: 1}
                """).dataset().train();
    }

    @Test
    void gaussianAddsUnclippedNoiseOfTheGivenStandardDeviation() {
        INDArray clean = images.features();
        INDArray noisy = corrupt(new Corruption(Corruption.Kind.GAUSSIAN, 0.55, 0));

        INDArray noise = noisy.sub(clean).castTo(DataType.DOUBLE);
        assertThat(noise.stdNumber().doubleValue()).isCloseTo(0.55, within(0.005));
        assertThat(noise.meanNumber().doubleValue()).isCloseTo(0.0, within(0.005));
        assertThat(noisy.minNumber().doubleValue()).isLessThan(-1.0);
        assertThat(noisy.maxNumber().doubleValue()).isGreaterThan(2.0);
        // the reference's noisy input is about 0.30 (= 0.55^2) from the clean image
        assertThat(Reconstruction.mse(noisy, clean)).isCloseTo(0.3025, within(0.005));
    }

    @Test
    void clippedGaussianStaysInTheUnitInterval() {
        INDArray noisy = corrupt(new Corruption(Corruption.Kind.GAUSSIAN_CLIPPED, 0.55, 0));

        assertThat(noisy.minNumber().doubleValue()).isEqualTo(0.0);
        assertThat(noisy.maxNumber().doubleValue()).isEqualTo(1.0);
        assertThat(Reconstruction.mse(noisy, images.features())).isGreaterThan(0.1);
    }

    @Test
    void maskingZeroesTheFractionOfPixelsAndLeavesTheRest() {
        INDArray clean = images.features();
        INDArray noisy = corrupt(new Corruption(Corruption.Kind.MASKING, 0, 0.3));

        double inked = clean.scan(Conditions.greaterThan(0)).doubleValue();
        double zeroedInk = clean.gt(0).castTo(DataType.FLOAT).muli(noisy.eq(0).castTo(DataType.FLOAT))
                .sumNumber().doubleValue();
        assertThat(zeroedInk / inked).isCloseTo(0.3, within(0.01));
        // every pixel is either kept as it was or zeroed
        assertThat(noisy.eq(clean).castTo(DataType.FLOAT).addi(noisy.eq(0).castTo(DataType.FLOAT)).minNumber()
                .doubleValue()).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void saltAndPepperTurnsTheFractionBlackOrWhiteInEqualShares() {
        INDArray clean = images.features();
        INDArray noisy = corrupt(new Corruption(Corruption.Kind.SALT_AND_PEPPER, 0, 0.2));

        // grey pixels (neither 0 nor 1 when clean) show every hit: count how many turned black or white
        INDArray grey = clean.gt(0).castTo(DataType.FLOAT).muli(clean.lt(1).castTo(DataType.FLOAT));
        double greyCount = grey.sumNumber().doubleValue();
        double white = grey.mul(noisy.eq(1).castTo(DataType.FLOAT)).sumNumber().doubleValue();
        double black = grey.mul(noisy.eq(0).castTo(DataType.FLOAT)).sumNumber().doubleValue();
        assertThat((white + black) / greyCount).isCloseTo(0.2, within(0.015));
        assertThat(white / greyCount).isCloseTo(0.1, within(0.01));
        assertThat(black / greyCount).isCloseTo(0.1, within(0.01));
        // the whole image: about a fifth changed, and only to 0 or 1
        INDArray changed = noisy.neq(clean).castTo(DataType.FLOAT);
        assertThat(changed.meanNumber().doubleValue()).isBetween(0.05, 0.2);
        assertThat(changed.mul(noisy.gt(0).castTo(DataType.FLOAT)).mul(noisy.lt(1).castTo(DataType.FLOAT))
                .sumNumber().doubleValue()).isZero();
    }

    @Test
    void noneLeavesTheImagesAsTheyAre() {
        assertThat(corrupt(Corruption.NONE)).isEqualTo(images.features());
    }

    @Test
    void eachStepDrawsItsNoiseFromItsSeedAlone() {
        INDArray clean = images.features();
        NoisyInputs first = new NoisyInputs(Corruption.DEFAULTS, SEED);
        NoisyInputs resumed = new NoisyInputs(Corruption.DEFAULTS, SEED);
        INDArray stepOne = first.training(clean, 11);
        INDArray stepTwo = first.training(clean, 12);

        // a resumed run starts at step two with fresh inputs and draws what the first run drew there
        assertThat(resumed.training(clean, 12)).isEqualTo(stepTwo);
        assertThat(resumed.training(clean, 11)).isEqualTo(stepOne);
        assertThat(stepTwo).isNotEqualTo(stepOne);
    }

    @Test
    void theTestSplitIsCorruptedOnceForTheWholeRun() {
        NoisyInputs inputs = new NoisyInputs(Corruption.DEFAULTS, SEED);
        NoisyInputs again = new NoisyInputs(Corruption.DEFAULTS, SEED);
        INDArray atFirstEpoch = inputs.test(images).dup();
        inputs.training(images.features(), 1);

        assertThat(inputs.test(images)).isEqualTo(atFirstEpoch);
        assertThat(again.test(images)).isEqualTo(atFirstEpoch);
        assertThat(Reconstruction.mse(atFirstEpoch, images.features())).isCloseTo(0.3025, within(0.005));
    }

    private static INDArray corrupt(Corruption corruption) {
        return new NoisyInputs(corruption, SEED).training(images.features(), SEED);
    }
}
