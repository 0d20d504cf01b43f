package dev.genlab.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Work on one thread runs OpenMP (whose count oneDNN's kernels inside ND4J follow) on one thread and gives the
 * calling thread's count back after. ND4J's own counts, which it also sets to one and gives back, cannot be checked
 * here: they are capped at OpenMP's, and the tests run with one OpenMP thread.
 */
class OneThreadTest {
    @Test
    void runsOpenMpOnOneThreadAndGivesItsCountBack() {
        Nd4j.getBackend(); // loads the native backend, which OpenMP's controls belong to
        NativeOps openMp = NativeOpsHolder.getInstance().getDeviceNativeOps();
        int openMpThreads = openMp.ompGetMaxThreads();
        try {
            openMp.setOmpNumThreads(2);
            assertEquals(2, openMp.ompGetMaxThreads());

            int during;
            try (OneThread ignored = OneThread.enter()) {
                during = openMp.ompGetMaxThreads();
            }

            assertEquals(1, during);
            assertEquals(2, openMp.ompGetMaxThreads());
        } finally {
            openMp.setOmpNumThreads(openMpThreads);
        }
    }
}
