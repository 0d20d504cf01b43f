package dev.genlab.api;

import static java.util.Objects.requireNonNull;

import java.nio.FloatBuffer;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One split of a dataset: {@code features} is an {@code [n, pixels]} float matrix in [0, 1],
 * {@code labels} holds the n class indices. Treat both as read-only. Features of another type or layout are
 * copied once into a dense row-major float matrix, from which batches are cut by plain memory copies.
 */
public record Split(INDArray features, int[] labels) {
    /**
     * What runs before each batch that {@link #batches} or {@link #shuffledBatches} hands out, per thread: a run
     * trains and tests on one thread, so each run in a JVM (concurrent trials of a sweep) has its own.
     */
    private static final ThreadLocal<Runnable> BEFORE_EACH_BATCH = ThreadLocal.withInitial(() -> () -> { });

    /**
     * Runs {@code action} before each batch that any split's iterators hand out on the calling thread, until
     * replaced on that thread: the runner frees ND4J's native memory there, between batches, when no native call
     * is under way on the thread that trains and tests (a plugin's test pass as much as training). Other threads,
     * and the runs on them, are not affected.
     */
    public static void beforeEachBatch(Runnable action) {
        BEFORE_EACH_BATCH.set(requireNonNull(action, "action is null"));
    }

    public Split {
        requireNonNull(features, "features is null");
        requireNonNull(labels, "labels is null");
        if (features.rank() != 2 || features.rows() != labels.length) {
            throw new IllegalArgumentException("features must be [n, pixels] with one label per row, got "
                    + java.util.Arrays.toString(features.shape()) + " and " + labels.length + " labels");
        }
        if (features.length() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a split holds at most " + Integer.MAX_VALUE + " values, got "
                    + features.length());
        }
        if (features.dataType() != DataType.FLOAT || features.ordering() != 'c' || features.isView()
                || features.offset() != 0) {
            features = features.castTo(DataType.FLOAT).dup('c');
        }
    }

    public int size() {
        return labels.length;
    }

    /** The first {@code count} examples, as a batch. */
    public Batch head(int count) {
        int n = Math.min(count, size());
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows(rows);
    }

    /**
     * The examples at these row indices, in that order: one copy of each row into a new array (ND4J's
     * {@code getRows} took a quarter of a dense autoencoder's training step).
     */
    public Batch rows(int[] rows) {
        int width = (int) features.columns();
        int[] batchLabels = new int[rows.length];
        INDArray batch = Nd4j.createUninitialized(DataType.FLOAT, rows.length, width);
        FloatBuffer source = features.data().asNioFloat();
        FloatBuffer target = batch.data().asNioFloat();
        for (int i = 0; i < rows.length; i++) {
            batchLabels[i] = labels[rows[i]];
            target.put(i * width, source, rows[i] * width, width);
        }
        return new Batch(batch, batchLabels);
    }

    /** How many batches of {@code batchSize} make one pass over the split (the last one may be smaller). */
    public long batchCount(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive: " + batchSize);
        }
        return ((long) size() + batchSize - 1) / batchSize;
    }

    /** The whole split in order, in batches of {@code batchSize} (the last one may be smaller). */
    public Iterable<Batch> batches(int batchSize) {
        return () -> new BatchIterator(identity(size()), batchSize);
    }

    /**
     * One epoch in an order drawn from {@code random}: the same generator state gives the same order.
     * The last batch may be smaller.
     */
    public Iterator<Batch> shuffledBatches(int batchSize, Random random) {
        return new BatchIterator(permutation(size(), random), batchSize);
    }

    /** A random permutation of {@code 0..n-1} (Fisher-Yates), fully determined by the generator state. */
    public static int[] permutation(int n, Random random) {
        int[] order = identity(n);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    private final class BatchIterator implements Iterator<Batch> {
        private final int[] order;
        private final int batchSize;
        private int next;

        BatchIterator(int[] order, int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be positive: " + batchSize);
            }
            this.order = order;
            this.batchSize = batchSize;
        }

        @Override
        public boolean hasNext() {
            return next < order.length;
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            BEFORE_EACH_BATCH.get().run();
            int end = (int) Math.min(order.length, (long) next + batchSize);
            int[] rows = java.util.Arrays.copyOfRange(order, next, end);
            next = end;
            return rows(rows);
        }
    }
}
