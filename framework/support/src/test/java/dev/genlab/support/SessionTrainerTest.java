package dev.genlab.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

class SessionTrainerTest {
    private static final int STEPS = 6;

    @Test
    void stepsThroughOneSessionEqualFitCallsInWeightsOptimiserStateCountsAndWhatListenersSee() {
        SameDiff byFit = graph();
        SameDiff bySession = graph();
        SessionTrainer trainer = new SessionTrainer(bySession);
        StepValues fitValues = new StepValues("error");
        StepValues sessionValues = new StepValues("error");
        List<Double> fitErrors = new ArrayList<>();
        List<Double> sessionErrors = new ArrayList<>();
        for (int step = 0; step < STEPS; step++) {
            MultiDataSet batch = batch(step);
            fitValues.clear();
            sessionValues.clear();
            byFit.fit(batch, fitValues);
            trainer.fit(batch, sessionValues);
            fitErrors.add(fitValues.get("error"));
            sessionErrors.add(sessionValues.get("error"));
        }

        assertThat(sessionErrors).isEqualTo(fitErrors);
        // the error falls: the steps do train
        assertThat(sessionErrors.get(STEPS - 1)).isLessThan(sessionErrors.get(0));
        for (String name : List.of("w", "b")) {
            assertThat(bySession.getArrForVarName(name)).as(name).isEqualTo(byFit.getArrForVarName(name));
        }
        Map<String, GradientUpdater> fitState = byFit.getUpdaterMap();
        Map<String, GradientUpdater> sessionState = bySession.getUpdaterMap();
        assertThat(sessionState.keySet()).isEqualTo(fitState.keySet());
        for (String name : fitState.keySet()) {
            assertThat(sessionState.get(name).getState()).as(name).isEqualTo(fitState.get(name).getState());
        }
        TrainingConfig fitConfig = byFit.getTrainingConfig();
        TrainingConfig sessionConfig = bySession.getTrainingConfig();
        assertThat(sessionConfig.getIterationCount()).isEqualTo(fitConfig.getIterationCount()).isEqualTo(STEPS);
        assertThat(sessionConfig.getEpochCount()).isEqualTo(fitConfig.getEpochCount());
    }

    /**
     * {@code y = relu(x w + b)}, loss the mean of each row's squared distance to a target ({@code error}, which the
     * listeners catch): small, with every kind of input.
     */
    private static SameDiff graph() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 4);
        SDVariable target = sd.placeHolder("target", DataType.FLOAT, -1, 3);
        SDVariable w = sd.var("w", Nd4j.create(gaussian(new Random(7), 12), 4, 3));
        SDVariable b = sd.var("b", Nd4j.zeros(DataType.FLOAT, 3));
        SDVariable y = sd.nn().relu(x.mmul(w).add(b), 0);
        sd.math().squaredDifference(y, target).mean("error", true, 1).mean("loss");
        sd.setLossVariables("loss");
        sd.setTrainingConfig(new TrainingConfig.Builder().updater(new Adam(0.05))
                .dataSetFeatureMapping("x", "target").markLabelsUnused().build());
        return sd;
    }

    private static MultiDataSet batch(int step) {
        Random random = new Random(100 + step);
        INDArray x = Nd4j.create(gaussian(random, 8 * 4), 8, 4);
        INDArray target = Nd4j.create(gaussian(random, 8 * 3), 8, 3).divi(10).addi(1);
        return new MultiDataSet(new INDArray[] {x, target}, new INDArray[0]);
    }

    private static float[] gaussian(Random random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
