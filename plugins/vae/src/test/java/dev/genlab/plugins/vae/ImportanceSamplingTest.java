package dev.genlab.plugins.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The importance-sampled likelihood on a small untrained VAE: one sample is the negative ELBO (on average), more
 * samples give a tighter, lower bound, and a likelihood constant shifts it one for one.
 */
class ImportanceSamplingTest {
    @Test
    void oneSampleIsTheElboAndMoreSamplesTightenIt() {
        VaeParameters parameters = new VaeParameters(4, List.of(4), VaeParameters.Likelihood.BERNOULLI, 1, 0, 10,
                Optional.empty(), VaeParameters.DecoderActivation.NONE);
        VaeModel model = TestData.create(parameters);
        INDArray images = TestData.small().test().features();
        SplitScores scores = SplitScores.of(model.network(), TestData.small().test(), 1, 3);
        double negativeElbo = scores.reconstruction() + scores.kl();

        double one = ImportanceSampling.negativeLogLikelihood(model.network(), images, 1, 0, 5);
        double many = ImportanceSampling.negativeLogLikelihood(model.network(), images, 64, 0, 5);
        double shifted = ImportanceSampling.negativeLogLikelihood(model.network(), images, 64, 100, 5);

        assertThat(one).isCloseTo(negativeElbo, within(0.02 * negativeElbo));
        assertThat(many).isLessThan(one);
        assertThat(shifted - many).isCloseTo(100, within(1e-6));
    }
}
