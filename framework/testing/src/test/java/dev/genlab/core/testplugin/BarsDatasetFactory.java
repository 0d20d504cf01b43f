package dev.genlab.core.testplugin;

import dev.genlab.api.Dataset;
import dev.genlab.api.DatasetContext;
import dev.genlab.api.DatasetFactory;
import dev.genlab.api.DatasetShape;
import dev.genlab.api.ImageShape;
import dev.genlab.api.Split;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.nd4j.linalg.factory.Nd4j;

/** Images of one horizontal (class 0) or vertical (class 1) bar on a dark background, from the seed. */
final class BarsDatasetFactory implements DatasetFactory<BarsParameters> {
    @Override
    public String name() {
        return "bars";
    }

    @Override
    public String description() {
        return "synthetic horizontal and vertical bars (test plugin)";
    }

    @Override
    public BarsParameters defaults() {
        return BarsParameters.DEFAULTS;
    }

    @Override
    public Optional<DatasetShape> shape(BarsParameters parameters) {
        if (!parameters.shapeKnownBeforehand()) {
            return Optional.empty();
        }
        return Optional.of(new DatasetShape(new ImageShape(1, parameters.side(), parameters.side()),
                List.of("horizontal", "vertical"), parameters.trainSize(), parameters.testSize()));
    }

    @Override
    public Dataset create(BarsParameters parameters, DatasetContext context) {
        Random random = new Random(context.seed());
        ImageShape shape = new ImageShape(1, parameters.side(), parameters.side());
        return new Dataset("bars", shape, List.of("horizontal", "vertical"),
                split(parameters.trainSize(), parameters.side(), random),
                split(parameters.testSize(), parameters.side(), random), "generated", "seed-" + context.seed());
    }

    private static Split split(int count, int side, Random random) {
        float[] pixels = new float[count * side * side];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = random.nextInt(2);
            int line = random.nextInt(side);
            for (int j = 0; j < side; j++) {
                int row = labels[i] == 0 ? line : j;
                int column = labels[i] == 0 ? j : line;
                pixels[i * side * side + row * side + column] = 1f;
            }
        }
        return new Split(Nd4j.create(pixels, new long[] {count, (long) side * side}), labels);
    }
}
