package dev.genlab.plugins.vae;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;

/**
 * Transposed convolutions with 'same' padding on ND4J's fast path. ND4J 1.0.0-M2.1 runs {@code deconv2d} on oneDNN
 * only with explicit padding; in 'same' mode it falls back to a generic kernel five to six times slower, which took
 * 94% of a VAE training step. So this asks for explicit padding, the largest symmetric one that fits, and slices
 * off what 'same' would not keep: the same values, and the same gradients.
 *
 * <p>The bias is added by a separate op. Given a bias, oneDNN 2.3 (inside ND4J) adds it to a transposed
 * convolution's output in a reference loop over its blocked layout: at the VAE decoder's shapes that doubled the
 * op's time (64 to 32 channels at 14x14, batch 128: 42 ms with the bias, 19 ms without, plus 2 ms for the add).
 */
final class TransposedConvolution {
    private TransposedConvolution() {
    }

    /**
     * {@code in} ({@code [n, inChannels, height, width]} in {@code format} NCHW, {@code [n, height, width,
     * inChannels]} in NHWC) through a transposed convolution with square
     * {@code kernel} {@code [kernel, kernel, outChannels, inChannels]} at {@code stride}, 'same' padding: the
     * output is {@code height x stride} by {@code width x stride} with {@code outChannels}, aligned as TensorFlow's (of the
     * {@code kernel - stride} extra rows and columns, {@code (kernel - stride) / 2} are cut before, the rest after).
     */
    static SDVariable same(SameDiff sd, String name, SDVariable in, SDVariable weights, SDVariable bias, int kernel,
            int stride, int height, int width, String format) {
        int extra = kernel - stride;
        int before = extra / 2;
        int padding = padding(kernel, stride);
        DeConv2DConfig config = DeConv2DConfig.builder().kH(kernel).kW(kernel).sH(stride).sW(stride).pH(padding)
                .pW(padding).isSameMode(false).dataFormat(format).build();
        SDVariable wide = sd.cnn().deconv2d(name + "_unbiased", in, weights, config);
        return sd.nn().biasAdd(name, cropped(sd, wide, before - padding, extra == 2 * padding, height * stride,
                width * stride, format), bias, format.equals("NCHW"));
    }

    /**
     * The explicit padding of a transposed convolution whose output, cropped, is the 'same' one: the largest
     * symmetric padding within the {@code kernel - stride} extra rows and columns.
     */
    static int padding(int kernel, int stride) {
        int extra = kernel - stride;
        return Math.min(extra / 2, extra - extra / 2);
    }

    /** {@code wide} from {@code offset} on, {@code height x width}; {@code wide} itself when it is that already. */
    private static SDVariable cropped(SameDiff sd, SDVariable wide, int offset, boolean whole, int height, int width,
            String format) {
        if (whole) {
            return wide;
        }
        if (format.equals("NCHW")) {
            return sd.slice(wide, new int[] {0, 0, offset, offset}, -1, -1, height, width);
        }
        return sd.slice(wide, new int[] {0, offset, offset, 0}, -1, height, width, -1);
    }
}
