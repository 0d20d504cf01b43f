package dev.genlab.tracking.images;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * One canonical Huffman ("prefix") code of a WebP lossless image, built from symbol counts and written the way
 * the VP8L format expects: as a "simple" code for one or two small symbols, otherwise as code lengths that are
 * themselves Huffman-coded.
 */
final class PrefixCode {
    static final int MAX_LENGTH = 15;
    private static final int MAX_CODE_LENGTH_CODE_LENGTH = 7;
    private static final int[] CODE_LENGTH_ORDER = {17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    private static final int ZEROS_3_TO_10 = 17;
    private static final int ZEROS_11_TO_138 = 18;

    private final int[] lengths;
    private final int[] reversedCodes;
    private final int[] simpleSymbols;

    private PrefixCode(int[] lengths, int[] simpleSymbols) {
        this.lengths = lengths;
        this.reversedCodes = canonicalCodes(lengths);
        this.simpleSymbols = simpleSymbols;
    }

    /** The code for symbols occurring {@code counts[symbol]} times; unused symbols get no code. */
    static PrefixCode of(int[] counts) {
        List<Integer> used = new ArrayList<>();
        for (int symbol = 0; symbol < counts.length; symbol++) {
            if (counts[symbol] > 0) {
                used.add(symbol);
            }
        }
        if (used.isEmpty()) {
            // Still a valid code: a single symbol that costs no bits and is never written.
            used.add(0);
        }
        if (used.size() <= 2 && used.get(used.size() - 1) < 256) {
            int[] lengths = new int[counts.length];
            if (used.size() == 2) {
                lengths[used.get(0)] = 1;
                lengths[used.get(1)] = 1;
            }
            return new PrefixCode(lengths, used.stream().mapToInt(Integer::intValue).toArray());
        }
        return new PrefixCode(huffmanLengths(counts, MAX_LENGTH), null);
    }

    void writeHeader(LsbBitWriter out) {
        if (simpleSymbols != null) {
            out.write(1, 1);
            out.write(simpleSymbols.length - 1, 1);
            if (simpleSymbols[0] <= 1) {
                out.write(0, 1);
                out.write(simpleSymbols[0], 1);
            } else {
                out.write(1, 1);
                out.write(simpleSymbols[0], 8);
            }
            if (simpleSymbols.length == 2) {
                out.write(simpleSymbols[1], 8);
            }
            return;
        }
        List<int[]> tokens = codeLengthTokens(lengths);
        int[] tokenCounts = new int[CODE_LENGTH_ORDER.length];
        tokens.forEach(token -> tokenCounts[token[0]]++);
        int[] tokenLengths = huffmanLengths(tokenCounts, MAX_CODE_LENGTH_CODE_LENGTH);
        int[] tokenCodes = canonicalCodes(tokenLengths);
        int written = CODE_LENGTH_ORDER.length;
        while (written > 4 && tokenLengths[CODE_LENGTH_ORDER[written - 1]] == 0) {
            written--;
        }
        out.write(0, 1);
        out.write(written - 4, 4);
        for (int i = 0; i < written; i++) {
            out.write(tokenLengths[CODE_LENGTH_ORDER[i]], 3);
        }
        // 0: the lengths of all symbols of the alphabet follow (no shorter max_symbol).
        out.write(0, 1);
        for (int[] token : tokens) {
            out.write(tokenCodes[token[0]], tokenLengths[token[0]]);
            if (token[0] == ZEROS_3_TO_10) {
                out.write(token[1] - 3, 3);
            } else if (token[0] == ZEROS_11_TO_138) {
                out.write(token[1] - 11, 7);
            }
        }
    }

    void writeSymbol(LsbBitWriter out, int symbol) {
        if (simpleSymbols != null && simpleSymbols.length == 1) {
            return;
        }
        if (lengths[symbol] == 0) {
            throw new IllegalStateException("symbol " + symbol + " has no code");
        }
        out.write(reversedCodes[symbol], lengths[symbol]);
    }

    /** Code lengths as (symbol, run) tokens: lengths 0..15 stand for themselves, runs of zeros use 17 and 18. */
    private static List<int[]> codeLengthTokens(int[] lengths) {
        List<int[]> tokens = new ArrayList<>();
        int i = 0;
        while (i < lengths.length) {
            if (lengths[i] != 0) {
                tokens.add(new int[] {lengths[i], 1});
                i++;
                continue;
            }
            int run = 0;
            while (i + run < lengths.length && lengths[i + run] == 0) {
                run++;
            }
            i += run;
            while (run >= 11) {
                int take = Math.min(run, 138);
                tokens.add(new int[] {ZEROS_11_TO_138, take});
                run -= take;
            }
            if (run >= 3) {
                tokens.add(new int[] {ZEROS_3_TO_10, run});
                run = 0;
            }
            for (; run > 0; run--) {
                tokens.add(new int[] {0, 1});
            }
        }
        return tokens;
    }

    /**
     * Huffman code lengths no longer than {@code maxLength}. Counts are flattened (raised to a doubling minimum)
     * until the tree is shallow enough, as libwebp does. A lone symbol gets a partner so the code stays complete,
     * which every decoder accepts.
     */
    static int[] huffmanLengths(int[] counts, int maxLength) {
        int[] lengths = new int[counts.length];
        List<Integer> used = new ArrayList<>();
        for (int symbol = 0; symbol < counts.length; symbol++) {
            if (counts[symbol] > 0) {
                used.add(symbol);
            }
        }
        if (used.size() <= 1) {
            int only = used.isEmpty() ? 0 : used.get(0);
            lengths[only] = 1;
            lengths[only == 0 ? 1 : 0] = 1;
            return lengths;
        }
        for (long floor = 1; ; floor *= 2) {
            int[] depths = treeDepths(counts, used, floor);
            int deepest = 0;
            for (int symbol : used) {
                deepest = Math.max(deepest, depths[symbol]);
            }
            if (deepest <= maxLength) {
                return depths;
            }
        }
    }

    private static int[] treeDepths(int[] counts, List<Integer> used, long floor) {
        int leaves = used.size();
        long[] weights = new long[2 * leaves - 1];
        int[] parents = new int[2 * leaves - 1];
        // Ties broken by node index, so the same counts always give the same code.
        PriorityQueue<Integer> queue = new PriorityQueue<>((a, b) ->
                weights[a] != weights[b] ? Long.compare(weights[a], weights[b]) : Integer.compare(a, b));
        for (int leaf = 0; leaf < leaves; leaf++) {
            weights[leaf] = Math.max(counts[used.get(leaf)], floor);
            queue.add(leaf);
        }
        int next = leaves;
        while (queue.size() > 1) {
            int first = queue.poll();
            int second = queue.poll();
            weights[next] = weights[first] + weights[second];
            parents[first] = next;
            parents[second] = next;
            queue.add(next++);
        }
        int root = next - 1;
        int[] depths = new int[counts.length];
        for (int leaf = 0; leaf < leaves; leaf++) {
            int depth = 0;
            for (int node = leaf; node != root; node = parents[node]) {
                depth++;
            }
            depths[used.get(leaf)] = depth;
        }
        return depths;
    }

    /** Canonical codes as in DEFLATE, bit-reversed because the stream is read least significant bit first. */
    private static int[] canonicalCodes(int[] lengths) {
        int[] countPerLength = new int[MAX_LENGTH + 2];
        for (int length : lengths) {
            if (length > 0) {
                countPerLength[length]++;
            }
        }
        int[] nextCode = new int[MAX_LENGTH + 2];
        int code = 0;
        for (int length = 1; length <= MAX_LENGTH + 1; length++) {
            code = (code + countPerLength[length - 1]) << 1;
            nextCode[length] = code;
        }
        int[] codes = new int[lengths.length];
        for (int symbol = 0; symbol < lengths.length; symbol++) {
            int length = lengths[symbol];
            if (length > 0) {
                codes[symbol] = Integer.reverse(nextCode[length]++) >>> (32 - length);
            }
        }
        return codes;
    }
}
