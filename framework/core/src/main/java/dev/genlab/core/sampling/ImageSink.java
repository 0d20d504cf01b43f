package dev.genlab.core.sampling;

import java.io.IOException;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Where {@code genlab sample} puts the images it makes, chunk by chunk: an IDX file or a PNG grid. */
interface ImageSink extends AutoCloseable {
    /** The next {@code [n, pixels]} images in [0, 1]. */
    void append(INDArray images) throws IOException;

    /** Writes whatever is left; the output is complete only after this returns. */
    @Override
    void close() throws IOException;
}
