package dev.genlab.plugins.mnist;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Draws {@code count} rows of a labelled set with the classes as even as the set allows: every class gets
 * {@code count / classes} rows, the remainder goes one each to classes drawn at random, and a class with too few
 * rows gives what it has, the others making up for it. Which rows of a class are taken is drawn from the seed
 * alone, so the same seed and count give the same rows whatever else a spec changes.
 */
final class BalancedDraw {
    private BalancedDraw() {
    }

    /** The drawn rows in ascending order; all rows when {@code count} is at least their number. */
    static int[] rows(int[] labels, int classes, int count, long seed) {
        if (count >= labels.length) {
            int[] all = new int[labels.length];
            Arrays.setAll(all, i -> i);
            return all;
        }
        Random random = new Random(seed);
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int row = 0; row < labels.length; row++) {
            byClass.get(labels[row]).add(row);
        }
        for (List<Integer> rows : byClass) {
            Collections.shuffle(rows, random);
        }
        List<Integer> order = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            order.add(c);
        }
        // which classes get one more when count is not a multiple of the classes
        Collections.shuffle(order, random);
        int[] drawn = new int[count];
        int taken = 0;
        for (int round = 0; taken < count; round++) {
            for (int c : order) {
                List<Integer> rows = byClass.get(c);
                if (round < rows.size() && taken < count) {
                    drawn[taken++] = rows.get(round);
                }
            }
        }
        Arrays.sort(drawn);
        return drawn;
    }
}
