package dev.genlab.support;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Float arrays as hand-written steps read and write them: whole, row-major, and their values without a copy. */
public final class FloatArrays {
    private FloatArrays() {
    }

    /** {@code array} as a whole c-ordered float array: itself when it is one, else a copy. */
    public static INDArray whole(INDArray array) {
        INDArray floats = array.castTo(DataType.FLOAT);
        return floats.isView() || floats.ordering() != 'c' ? floats.dup('c') : floats;
    }

    /** The values of a whole c-ordered float array (see {@link #whole}), without a copy. */
    public static FloatBuffer values(INDArray array) {
        if (array.ordering() != 'c' || array.isView() && array.length() != array.data().length()
                || array.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("not a whole c-ordered float array: " + array.shapeInfoToString());
        }
        return ((FloatBuffer) array.data().asNioFloat()).slice();
    }
}
