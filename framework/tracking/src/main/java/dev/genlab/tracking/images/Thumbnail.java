package dev.genlab.tracking.images;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** The small copy of a logged image that MLflow's UI shows in its image grid, sized as MLflow sizes it. */
final class Thumbnail {
    /** MLflow's {@code COMPRESSED_IMAGE_SIZE}: the longer side of the thumbnail. */
    static final int SIZE = 256;

    private Thumbnail() {
    }

    /**
     * Scales to {@value #SIZE} pixels on the longer side keeping the aspect ratio, up or down, as
     * {@code mlflow.tracking.multimedia.compress_image_size} does.
     */
    static BufferedImage of(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int targetWidth;
        int targetHeight;
        if (width > height) {
            targetWidth = SIZE;
            targetHeight = Math.max(1, (int) (height * ((double) SIZE / width)));
        } else {
            targetHeight = SIZE;
            targetWidth = Math.max(1, (int) (width * ((double) SIZE / height)));
        }
        BufferedImage current = toArgb(image);
        // One bicubic step skips source pixels when shrinking by more than half and aliases; halving first does not.
        while (current.getWidth() / 2 >= targetWidth && current.getHeight() / 2 >= targetHeight) {
            current = scale(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        return scale(current, targetWidth, targetHeight);
    }

    /**
     * The image as packed ARGB. Drawing converts grey images correctly, whereas {@code getRGB} on a
     * {@code TYPE_BYTE_GRAY} image brightens it (it treats the grey as linear).
     */
    static BufferedImage toArgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_ARGB) {
            return image;
        }
        BufferedImage argb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_ARGB);
        Graphics2D graphics = argb.createGraphics();
        try {
            graphics.setComposite(AlphaComposite.Src);
            graphics.drawImage(image, 0, 0, null);
        } finally {
            graphics.dispose();
        }
        return argb;
    }

    private static BufferedImage scale(BufferedImage image, int width, int height) {
        if (image.getWidth() == width && image.getHeight() == height) {
            return image;
        }
        BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D graphics = scaled.createGraphics();
        try {
            graphics.setComposite(AlphaComposite.Src);
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            graphics.drawImage(image, 0, 0, width, height, null);
        } finally {
            graphics.dispose();
        }
        return scaled;
    }
}
