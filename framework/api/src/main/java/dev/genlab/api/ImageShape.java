package dev.genlab.api;

/** Channels, height and width of one image; images travel flattened in this (C, H, W) order. */
public record ImageShape(int channels, int height, int width) {
    public ImageShape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("image shape must be positive: " + channels + "x" + height + "x" + width);
        }
        if ((long) channels * height * width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("an image of " + channels + "x" + height + "x" + width
                    + " has more pixels than an array row can hold");
        }
    }

    /** Values in one image; the constructor keeps it within an {@code int}. */
    public int pixels() {
        return channels * height * width;
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
