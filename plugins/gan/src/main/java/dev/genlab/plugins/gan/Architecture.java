package dev.genlab.plugins.gan;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.GenLabException;
import dev.genlab.api.ImageShape;

/**
 * The sizes of the reference DCGAN for one image shape: the generator grows a (h/4)x(w/4) map twice, the
 * discriminator shrinks the image with one 'same' and two 'valid' strided convolutions (28 -> 14 -> 5 -> 1).
 * {@code classes} is the number of classes a conditional DCGAN takes, 0 for an unconditional one.
 */
record Architecture(GanParameters parameters, ImageShape image, int classes) {
    static final int KERNEL = 5;
    static final int STRIDE = 2;
    /** The discriminator's second and third convolutions have this many times the filters of the first. */
    static final int DISCRIMINATOR_WIDENING = 4;

    Architecture {
        requireNonNull(parameters, "parameters is null");
        requireNonNull(image, "image is null");
        if (classes < 0 || classes == 1) {
            throw new IllegalArgumentException("a conditional DCGAN needs at least two classes, got " + classes);
        }
        // two x2 upsamplings from the dense map; the two 'valid' convolutions need at least 25 pixels
        if (image.height() % 4 != 0 || image.width() % 4 != 0 || image.height() < 28 || image.width() < 28) {
            throw new GenLabException(GenLabException.Category.CONFIG, "model 'gan' needs images whose height and "
                    + "width are multiples of 4 and at least 28, got " + image);
        }
    }

    /** An unconditional DCGAN. */
    Architecture(GanParameters parameters, ImageShape image) {
        this(parameters, image, 0);
    }

    boolean conditional() {
        return classes > 0;
    }

    int latent() {
        return parameters.latentDim();
    }

    /** Channels of the generator's first map and of its two transposed convolutions: F, F/2, F/4. */
    int generatorChannels(int block) {
        return parameters.generatorFilters() >> block;
    }

    /** Filters of the discriminator's three convolutions: F, 4F, 4F. */
    int discriminatorChannels(int block) {
        return block == 0 ? parameters.discriminatorFilters()
                : parameters.discriminatorFilters() * DISCRIMINATOR_WIDENING;
    }

    /** The generator's first map, {@code [F, h/4, w/4]}. */
    long[] seedMap() {
        return new long[] {generatorChannels(0), image.height() / 4, image.width() / 4};
    }

    /** The discriminator's feature map after convolution {@code block} (0, 1, 2), {@code [channels, h, w]}. */
    long[] discriminatorMap(int block) {
        long height = (image.height() + 1) / STRIDE;
        long width = (image.width() + 1) / STRIDE;
        for (int i = 1; i <= block; i++) {
            height = (height - KERNEL) / STRIDE + 1;
            width = (width - KERNEL) / STRIDE + 1;
        }
        return new long[] {discriminatorChannels(block), height, width};
    }

    /** Inputs of the discriminator's dense layer: the flattened last map. */
    long discriminatorFeatures() {
        long[] map = discriminatorMap(2);
        return map[0] * map[1] * map[2];
    }

    static long product(long[] shape) {
        long product = 1;
        for (long size : shape) {
            product *= size;
        }
        return product;
    }
}
