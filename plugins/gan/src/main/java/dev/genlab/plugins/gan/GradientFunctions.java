package dev.genlab.plugins.gan;

import java.io.PrintStream;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Builds a SameDiff graph's gradient function up front and quietly: SameDiff 1.0.0-M2.1 prints a line to
 * {@code System.out} for every op it differentiates, a hundred lines that would bury the progress bar.
 */
final class GradientFunctions {
    private static final String NOISE = "Added differentiated op ";

    private GradientFunctions() {
    }

    static void create(SameDiff graph) {
        PrintStream original = System.out;
        synchronized (GradientFunctions.class) {
            System.setOut(new PrintStream(original, true) {
                @Override
                public void println(String line) {
                    if (line == null || !line.startsWith(NOISE)) {
                        super.println(line);
                    }
                }
            });
            try {
                graph.createGradFunction();
            } finally {
                System.setOut(original);
            }
        }
    }
}
