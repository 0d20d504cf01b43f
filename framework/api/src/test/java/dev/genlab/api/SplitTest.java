package dev.genlab.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SplitTest {
    private static final int ROWS = 50;
    private static final int PIXELS = 12;

    @Test
    void batchesHoldTheRowsAndLabelsAskedFor() {
        INDArray features = Nd4j.rand(DataType.FLOAT, ROWS, PIXELS);
        Split split = new Split(features, labels());
        int[] rows = {7, 0, 49, 7, 23};

        Batch batch = split.rows(rows);

        assertThat(batch.features().shape()).containsExactly(rows.length, PIXELS);
        assertThat(batch.features().dataType()).isEqualTo(DataType.FLOAT);
        for (int i = 0; i < rows.length; i++) {
            assertThat(batch.features().getRow(i).toFloatVector()).containsExactly(features.getRow(rows[i])
                    .toFloatVector());
            assertThat(batch.labels()[i]).isEqualTo(rows[i] % 10);
        }
    }

    @Test
    void featuresOfAnotherTypeOrLayoutAreReadAsDenseFloats() {
        INDArray doubles = Nd4j.rand(DataType.DOUBLE, PIXELS, ROWS).transpose(); // column-major view
        Split split = new Split(doubles, labels());

        Batch batch = split.rows(new int[] {3, 41});

        assertThat(batch.features().getRow(1).toFloatVector())
                .containsExactly(doubles.getRow(41).castTo(DataType.FLOAT).toFloatVector());
        assertThat(split.features().ordering()).isEqualTo('c');
    }

    @Test
    void anEpochVisitsEveryRowOnceInTheGeneratorsOrder() {
        INDArray features = Nd4j.arange(ROWS).castTo(DataType.FLOAT).reshape(ROWS, 1).repeat(1, PIXELS);
        Split split = new Split(features, labels());

        List<Float> first = firstPixels(split.shuffledBatches(16, new Random(5)));
        List<Float> again = firstPixels(split.shuffledBatches(16, new Random(5)));

        assertThat(first).hasSize(ROWS).doesNotHaveDuplicates().isEqualTo(again);
        assertThat(first).isNotEqualTo(first.stream().sorted().toList());
    }

    @Test
    void theBeforeEachBatchActionRunsBeforeEveryBatchOfEveryIterator() {
        Split split = new Split(Nd4j.rand(DataType.FLOAT, ROWS, PIXELS), labels());
        int[] calls = new int[1];
        Split.beforeEachBatch(() -> calls[0]++);
        try {
            split.batches(16).forEach(batch -> { });
            split.shuffledBatches(25, new Random(1)).forEachRemaining(batch -> { });
        } finally {
            Split.beforeEachBatch(() -> { });
        }
        assertThat(calls[0]).isEqualTo(4 + 2);
    }

    @Test
    void theBeforeEachBatchActionIsTheCallingThreadsOnly() throws InterruptedException {
        Split split = new Split(Nd4j.rand(DataType.FLOAT, ROWS, PIXELS), labels());
        int[] calls = new int[2];
        Split.beforeEachBatch(() -> calls[0]++);
        try {
            Thread other = new Thread(() -> {
                Split.beforeEachBatch(() -> calls[1]++);
                split.batches(25).forEach(batch -> { });
                Split.beforeEachBatch(() -> { });
            });
            other.start();
            other.join();
            split.batches(16).forEach(batch -> { });
        } finally {
            Split.beforeEachBatch(() -> { });
        }
        assertThat(calls).containsExactly(4, 2);
    }

    private static List<Float> firstPixels(Iterator<Batch> batches) {
        List<Float> values = new ArrayList<>();
        batches.forEachRemaining(batch -> {
            for (int i = 0; i < batch.size(); i++) {
                values.add(batch.features().getFloat(i, 0));
            }
        });
        return values;
    }

    private static int[] labels() {
        int[] labels = new int[ROWS];
        for (int i = 0; i < ROWS; i++) {
            labels[i] = i % 10;
        }
        return labels;
    }
}
