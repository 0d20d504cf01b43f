package dev.genlab.plugins.ae;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.OptionalDouble;

/**
 * How often each class was predicted as each other class.
 *
 * @param classes the class names, index = label
 * @param counts {@code counts[actual][predicted]}
 */
record ConfusionMatrix(List<String> classes, long[][] counts) {
    ConfusionMatrix {
        classes = List.copyOf(classes);
        requireNonNull(counts, "counts is null");
    }

    long total() {
        long total = 0;
        for (long[] row : counts) {
            for (long count : row) {
                total += count;
            }
        }
        return total;
    }

    long correct() {
        long correct = 0;
        for (int i = 0; i < counts.length; i++) {
            correct += counts[i][i];
        }
        return correct;
    }

    double accuracy() {
        return (double) correct() / total();
    }

    /**
     * The share of class {@code actual}'s images predicted as that class (its recall); empty when the split holds
     * none of them.
     */
    OptionalDouble classAccuracy(int actual) {
        long total = rowTotal(actual);
        return total == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) counts[actual][actual] / total);
    }

    long rowTotal(int actual) {
        long total = 0;
        for (long count : counts[actual]) {
            total += count;
        }
        return total;
    }

    /** A header of predicted classes, then one row per true class; names quoted, since Fashion's hold a slash. */
    String csv() {
        StringBuilder csv = new StringBuilder("\"actual \\ predicted\"");
        classes.forEach(name -> csv.append(',').append(quoted(name)));
        csv.append('\n');
        for (int actual = 0; actual < classes.size(); actual++) {
            csv.append(quoted(classes.get(actual)));
            for (long count : counts[actual]) {
                csv.append(',').append(count);
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    private static String quoted(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** Adds up predictions batch by batch. */
    static final class Counter {
        private final List<String> classes;
        private final long[][] counts;

        Counter(List<String> classes) {
            this.classes = List.copyOf(classes);
            this.counts = new long[classes.size()][classes.size()];
        }

        void add(int[] actual, int[] predicted) {
            for (int i = 0; i < actual.length; i++) {
                counts[actual[i]][predicted[i]]++;
            }
        }

        ConfusionMatrix matrix() {
            long[][] copy = new long[counts.length][];
            for (int i = 0; i < counts.length; i++) {
                copy[i] = counts[i].clone();
            }
            return new ConfusionMatrix(classes, copy);
        }
    }
}
