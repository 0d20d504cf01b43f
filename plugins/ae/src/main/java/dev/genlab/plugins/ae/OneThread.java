package dev.genlab.plugins.ae;

import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Runs work on the calling thread alone, whatever the run's thread count: ND4J's own loops, OpenMP (which oneDNN's
 * kernels inside ND4J use) and BLAS each on one thread. For work too small to gain from a second thread, where
 * waking it costs more than it saves.
 *
 * <p>ND4J's counts and OpenMP's (the calling thread's) are set for the work and given back after it; each takes
 * well under a microsecond. BLAS is set to one thread once and left there: OpenBLAS takes 0.2 ms to set its
 * thread count, even to the count it has, too much to pay around every training step.
 */
final class OneThread {
    private OneThread() {
    }

    static double call(DoubleSupplier work) {
        Blas blas = Nd4j.factory().blas();
        if (blas.getMaxThreads() != 1) {
            blas.setMaxThreads(1);
        }
        Environment environment = Nd4j.getEnvironment();
        NativeOps openMp = NativeOpsHolder.getInstance().getDeviceNativeOps();
        int threads = environment.maxThreads();
        int masterThreads = environment.maxMasterThreads();
        int openMpThreads = openMp.ompGetMaxThreads();
        environment.setMaxThreads(1);
        environment.setMaxMasterThreads(1);
        if (openMpThreads != 1) {
            openMp.setOmpNumThreads(1);
        }
        try {
            return work.getAsDouble();
        } finally {
            if (openMpThreads != 1) {
                openMp.setOmpNumThreads(openMpThreads);
            }
            environment.setMaxThreads(threads);
            environment.setMaxMasterThreads(masterThreads);
        }
    }
}
