package dev.genlab.support;

import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * ND4J's thread counts other than BLAS's: its own loops' ({@code threads}, {@code masterThreads}) and OpenMP's for the
 * calling thread ({@code openMp}), which oneDNN's kernels inside ND4J use. The runner sets them for a run, {@link
 * OneThread} for a stretch of small ops.
 */
public record Nd4jThreads(int threads, int masterThreads, int openMp) {
    /** The counts in force now, on the calling thread. */
    public static Nd4jThreads now() {
        Environment environment = Nd4j.getEnvironment();
        return new Nd4jThreads(environment.maxThreads(), environment.maxMasterThreads(),
                nativeOps().ompGetMaxThreads());
    }

    /** Every count at {@code count}. */
    public static Nd4jThreads of(int count) {
        return new Nd4jThreads(count, count, count);
    }

    /** Puts these counts in force (OpenMP's for the calling thread). */
    public void apply() {
        Environment environment = Nd4j.getEnvironment();
        environment.setMaxThreads(threads);
        environment.setMaxMasterThreads(masterThreads);
        nativeOps().setOmpNumThreads(openMp);
    }

    /** The backend's native calls; ND4J must be loaded first, or they fail to find its properties. */
    private static NativeOps nativeOps() {
        Nd4j.getBackend();
        return NativeOpsHolder.getInstance().getDeviceNativeOps();
    }
}
