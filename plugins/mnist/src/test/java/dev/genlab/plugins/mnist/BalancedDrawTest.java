package dev.genlab.plugins.mnist;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Class-balanced draws: even classes, the same rows from the same seed, as even as a short class allows. */
class BalancedDrawTest {
    @Test
    void eachClassGetsItsShareFromASetOrderedByClass() {
        int[] labels = blocked(10, 600); // class-blocked and unbalanced: 600 of class 0, then 600 of class 1...

        int[] rows = BalancedDraw.rows(labels, 10, 100, 42);

        assertThat(rows).hasSize(100).doesNotHaveDuplicates().isSorted();
        assertThat(counts(labels, rows, 10)).containsOnly(10);
    }

    @Test
    void theRemainderGoesOneEachToClassesDrawnFromTheSeed() {
        int[] labels = blocked(10, 50);

        int[] counts = counts(labels, BalancedDraw.rows(labels, 10, 23, 1), 10);

        assertThat(counts).containsOnly(2, 3);
        assertThat(Arrays.stream(counts).filter(count -> count == 3).count()).isEqualTo(3);
        int[] other = counts(labels, BalancedDraw.rows(labels, 10, 23, 2), 10);
        assertThat(other).as("another seed favours other classes").isNotEqualTo(counts);
    }

    @Test
    void theSameSeedDrawsTheSameRowsAndAnotherSeedOthers() {
        int[] labels = blocked(10, 100);

        assertThat(BalancedDraw.rows(labels, 10, 50, 7)).isEqualTo(BalancedDraw.rows(labels, 10, 50, 7))
                .isNotEqualTo(BalancedDraw.rows(labels, 10, 50, 8));
    }

    @Test
    void aShortClassGivesWhatItHasAndTheOthersMakeUpForIt() {
        int[] labels = new int[103];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i < 3 ? 0 : 1 + i % 2; // three of class 0, fifty each of classes 1 and 2
        }

        int[] counts = counts(labels, BalancedDraw.rows(labels, 3, 30, 5), 3);

        assertThat(counts[0]).isEqualTo(3);
        assertThat(new int[] {counts[1], counts[2]}).containsExactlyInAnyOrder(13, 14);
    }

    @Test
    void askingForAllRowsOrMoreGivesEveryRowInOrder() {
        int[] labels = {3, 1, 2};

        assertThat(BalancedDraw.rows(labels, 4, 3, 1)).containsExactly(0, 1, 2);
        assertThat(BalancedDraw.rows(labels, 4, 10, 1)).containsExactly(0, 1, 2);
    }

    /** {@code perClass} of each class in turn, class 0 first. */
    private static int[] blocked(int classes, int perClass) {
        int[] labels = new int[classes * perClass];
        Arrays.setAll(labels, i -> i / perClass);
        return labels;
    }

    private static int[] counts(int[] labels, int[] rows, int classes) {
        int[] counts = new int[classes];
        for (int row : rows) {
            counts[labels[row]]++;
        }
        return counts;
    }
}
