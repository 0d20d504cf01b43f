package dev.genlab.core.run;

import dev.genlab.api.ImageShape;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Writes images in [0, 1] as an unsigned-byte IDX file (gzip-compressed when the name ends in .gz). */
final class IdxWriter {
    private IdxWriter() {
    }

    static void write(INDArray images, ImageShape shape, Path output) throws IOException {
        float[] pixels = images.castTo(DataType.FLOAT).data().asFloat();
        int count = (int) images.rows();
        try (OutputStream file = Files.newOutputStream(output);
                OutputStream maybeZipped = output.toString().endsWith(".gz") ? new GZIPOutputStream(file) : file;
                DataOutputStream out = new DataOutputStream(maybeZipped)) {
            boolean grey = shape.channels() == 1;
            // magic: two zero bytes, 0x08 (unsigned byte), number of dimensions
            out.writeInt(0x0800 | (grey ? 3 : 4));
            out.writeInt(count);
            if (!grey) {
                out.writeInt(shape.channels());
            }
            out.writeInt(shape.height());
            out.writeInt(shape.width());
            byte[] bytes = new byte[pixels.length];
            for (int i = 0; i < pixels.length; i++) {
                float value = Float.isNaN(pixels[i]) ? 0f : Math.max(0f, Math.min(1f, pixels[i]));
                bytes[i] = (byte) Math.round(value * 255f);
            }
            out.write(bytes);
        }
    }
}
