package dev.genlab.tracking.images;

import static java.util.Objects.requireNonNull;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The artifacts that Python's {@code MlflowClient.log_image(run_id, image, key=..., step=...)} writes in MLflow 3,
 * reproduced so that the MLflow UI shows Java-logged images with its per-key step slider: a full-size PNG and a
 * WebP thumbnail under {@code images/}, named
 * {@code <key with / as ~>+step+<step>+timestamp+<ms>+<uuid>[+compressed].<ext>}, plus the run tag
 * {@value #TAG}={@value #TAG_VALUE} that tells the UI to look for them.
 */
public final class LoggedImage {
    public static final String TAG = "mlflow.loggedImages";
    public static final String TAG_VALUE = "True";
    static final String DIRECTORY = "images";
    /** The keys {@code log_image} accepts. */
    private static final Pattern KEY = Pattern.compile("[a-zA-Z0-9_\\-./ ]+");
    private static final Pattern PATH = Pattern.compile(DIRECTORY + "/([^+]+)\\+step\\+(-?\\d+)\\+timestamp\\+\\d+\\+[^+]+\\.png");

    /** One file to upload, at a path relative to the run's artifact root. */
    public record File(String path, byte[] content) {
        public File {
            requireNonNull(path, "path is null");
            requireNonNull(content, "content is null");
        }
    }

    private LoggedImage() {
    }

    public static List<File> files(String key, BufferedImage image, long step, long timestampMillis, UUID id) {
        requireValidKey(key);
        requireNonNull(image, "image is null");
        String stem = DIRECTORY + "/" + key.replace('/', '~') + "+step+" + step + "+timestamp+" + timestampMillis + "+" + id;
        return List.of(
                new File(stem + ".png", png(image)),
                new File(stem + "+compressed.webp", WebpLossless.encode(Thumbnail.of(image))));
    }

    /** An image's key (with its slashes back) and step. */
    public record KeyAndStep(String key, long step) {
    }

    /** The key and step of the full-size image at {@code path}, if it is one that {@link #files} names. */
    public static Optional<KeyAndStep> keyAndStep(String path) {
        Matcher matcher = PATH.matcher(path);
        return matcher.matches()
                ? Optional.of(new KeyAndStep(matcher.group(1).replace('~', '/'), Long.parseLong(matcher.group(2))))
                : Optional.empty();
    }

    public static void requireValidKey(String key) {
        requireNonNull(key, "image key is null");
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("Image key '" + key + "' may only contain letters, digits, underscores,"
                    + " dashes, periods, spaces and slashes (as in MLflow's log_image)");
        }
    }

    private static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            // ImageIO declines some image types (custom colour models); their ARGB copy always works.
            if (!write(image, out)) {
                out.reset();
                write(Thumbnail.toArgb(image), out);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode an image as PNG", e);
        }
    }

    /**
     * PNG through an in-memory stream: {@code ImageIO.write} to an {@code OutputStream} buffers in a temporary file
     * whose clean-up it registers as a shutdown hook, which fails once the JVM is shutting down, so an image logged
     * after Ctrl-C (the step that finishes before the run ends KILLED) made the run fail instead.
     */
    private static boolean write(BufferedImage image, ByteArrayOutputStream out) throws IOException {
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            return ImageIO.write(image, "png", stream);
        }
    }
}
