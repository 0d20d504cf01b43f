package dev.genlab.plugins.mnist;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.Dataset;
import dev.genlab.api.GenLabException;
import dev.genlab.api.GenLabException.Category;
import dev.genlab.api.Split;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Consumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A training split of real and synthetic images, as a spec's {@code mix} asks for, beside the real test split:
 * the real images first, then the synthetic ones, each drawn class-balanced when fewer than all are wanted.
 * The result has a name and digest of its own, so that nothing cached for the real data (the evaluation
 * classifier) is taken for it, and MLflow records it as another dataset.
 */
final class SyntheticMix {
    /** Draws the synthetic rows from another stream than the real ones, from the same seed. */
    private static final long SYNTHETIC_STREAM = 0x5EED_5E7AL;

    private SyntheticMix() {
    }

    /**
     * @param real the real dataset, its training split whole (the real images are drawn from all of it)
     * @param realCount how many real training images to take, 0 for synthetic ones only
     * @param syntheticCount how many synthetic images to take, at most as many as the file holds
     */
    static Dataset of(Dataset real, Variant variant, SyntheticFiles files, int realCount, int syntheticCount,
            long seed, Consumer<String> messages) {
        requireNonNull(real, "real is null");
        MessageDigest content = DatasetLoader.sha256();
        IdxReader.Images images = new IdxReader(files.images(), content).images(Integer.MAX_VALUE);
        int[] labels = new IdxReader(files.labels(), content).labels(variant.classes().size());
        if (images.count() != labels.length) {
            throw new GenLabException(Category.DATA, files.images() + " holds " + images.count() + " images but "
                    + files.labels() + " holds " + labels.length + " labels; the two files do not belong together");
        }
        if (syntheticCount > images.count()) {
            throw new GenLabException(Category.CONFIG, String.format(Locale.ROOT, "dataset.mix.synthetic asks for"
                    + " %,d synthetic images but %s holds %,d", syntheticCount, files.images(), images.count()));
        }
        int classes = variant.classes().size();
        int[] realRows = realCount == 0 ? new int[0]
                : BalancedDraw.rows(real.train().labels(), classes, realCount, seed);
        int[] syntheticRows = BalancedDraw.rows(labels, classes, syntheticCount, seed ^ SYNTHETIC_STREAM);

        int pixels = IdxReader.PIXELS;
        int total = realRows.length + syntheticRows.length;
        float[] features = new float[total * pixels];
        int[] mixedLabels = new int[total];
        FloatBuffer realPixels = real.train().features().data().asNioFloat();
        for (int i = 0; i < realRows.length; i++) {
            realPixels.get(realRows[i] * pixels, features, i * pixels, pixels);
            mixedLabels[i] = real.train().labels()[realRows[i]];
        }
        for (int i = 0; i < syntheticRows.length; i++) {
            int to = realRows.length + i;
            System.arraycopy(images.pixels(), syntheticRows[i] * pixels, features, to * pixels, pixels);
            mixedLabels[to] = labels[syntheticRows[i]];
        }
        Split train = new Split(Nd4j.create(features, new long[] {total, pixels}, DataType.FLOAT), mixedLabels);

        boolean drawn = realRows.length > 0 || syntheticRows.length < images.count();
        messages.accept(String.format(Locale.ROOT, "Training on %,d real images%s and %,d synthetic ones from %s%s",
                realRows.length, realRows.length > 0 ? " (classes balanced, drawn with seed " + seed + ")" : "",
                syntheticRows.length, files.images(), syntheticRows.length < images.count()
                        ? String.format(Locale.ROOT, " (%,d of %,d, classes balanced)", syntheticRows.length,
                        images.count()) : ""));
        String digest = digest(real.digest(), HexFormat.of().formatHex(content.digest()), realRows.length,
                syntheticRows.length, drawn ? Long.toString(seed) : "");
        return new Dataset(real.name() + "+synthetic", real.shape(), real.classes(), train, real.test(),
                files.images().toString(), digest);
    }

    /** What tells one mix from another: the real data, the synthetic files' content, the counts and the draw. */
    static String digest(String real, String synthetic, int realCount, int syntheticCount, String draw) {
        MessageDigest digest = DatasetLoader.sha256();
        String identity = String.join("|", real, synthetic, Integer.toString(realCount),
                Integer.toString(syntheticCount), draw);
        return HexFormat.of().formatHex(digest.digest(identity.getBytes(StandardCharsets.UTF_8)))
                .substring(0, DatasetLoader.DIGEST_LENGTH);
    }
}
