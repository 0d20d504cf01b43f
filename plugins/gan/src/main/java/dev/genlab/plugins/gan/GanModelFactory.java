package dev.genlab.plugins.gan;

import dev.genlab.api.GenLabException;
import dev.genlab.api.Model;
import dev.genlab.api.ModelContext;
import dev.genlab.api.ModelFactory;
import dev.genlab.api.ModelPlan;
import dev.genlab.api.Problem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The DCGAN: {@code type: gan}. */
final class GanModelFactory implements ModelFactory<GanParameters> {
    @Override
    public String name() {
        return "gan";
    }

    @Override
    public String description() {
        return "DCGAN (reference: z of 32 uniform values, transposed-conv generator, 3-conv discriminator, BCE)";
    }

    @Override
    public GanParameters defaults() {
        return GanParameters.DEFAULTS;
    }

    @Override
    public List<Problem> validate(GanParameters parameters) {
        List<Problem> problems = new ArrayList<>();
        if (parameters.generatorFilters() % 4 != 0) {
            problems.add(Problem.of("generatorFilters", "must be a multiple of 4 (the transposed convolutions have a"
                    + " half and a quarter of them), got " + parameters.generatorFilters()));
        }
        return problems;
    }

    /**
     * The sizes of the weights {@link GanWeights} makes for the {@link Architecture} of this image shape (the
     * trainable ones; the batch-norm statistics are a few hundred values). A step runs the discriminator on a real
     * and a generated batch and the generator twice (its own step runs the discriminator once more).
     */
    @Override
    public Optional<ModelPlan> plan(GanParameters parameters, ModelContext context) {
        if (parameters.conditional() && context.numClasses() < 2) {
            return Optional.of(ModelPlan.invalid(Problem.of("conditional", "needs a dataset with classes, and this"
                    + " one has " + context.numClasses())));
        }
        Architecture architecture;
        try {
            architecture = architecture(parameters, context);
        } catch (GenLabException e) {
            return Optional.of(ModelPlan.invalid(Problem.general(e.getMessage())));
        }
        long kernelArea = (long) Architecture.KERNEL * Architecture.KERNEL;
        long[] seedMap = architecture.seedMap();
        long seed = ModelPlan.Builder.product(seedMap);
        ModelPlan.Builder plan = ModelPlan.builder()
                .weights(parameters.latentDim() + architecture.classes(), seed).weights(seed).weights(2, seed);
        long height = seedMap[1];
        long width = seedMap[2];
        long[] generatorMaps = {seed, 0, 0, 0};
        for (int block = 1; block <= 2; block++) {
            long in = architecture.generatorChannels(block - 1);
            long out = architecture.generatorChannels(block);
            height *= 2;
            width *= 2;
            plan.weights(kernelArea, out, in).weights(out).weights(2, out);
            generatorMaps[block] = ModelPlan.Builder.product(out, height, width);
        }
        long channels = context.shape().channels();
        plan.weights(kernelArea, architecture.generatorChannels(2), channels).weights(channels);
        generatorMaps[3] = context.shape().pixels();

        long in = channels;
        long[] discriminatorMaps = new long[3];
        for (int block = 0; block < 3; block++) {
            // in long: the architecture's int channel count overflows for absurd filter counts
            long out = block == 0 ? parameters.discriminatorFilters()
                    : (long) parameters.discriminatorFilters() * Architecture.DISCRIMINATOR_WIDENING;
            long[] map = architecture.discriminatorMap(block);
            plan.weights(kernelArea, in, out).weights(out);
            discriminatorMaps[block] = ModelPlan.Builder.product(out, map[1], map[2]);
            in = out;
        }
        long features = discriminatorMaps[2];
        plan.weights(features, 1).weights(1).weights(architecture.classes(), features)
                .weights(features, architecture.classes()).weights(architecture.classes());
        for (long map : generatorMaps) {
            plan.activations(ModelPlan.Builder.product(2, map));
        }
        for (long map : discriminatorMaps) {
            plan.activations(ModelPlan.Builder.product(3, map));
        }
        return Optional.of(plan.build());
    }

    @Override
    public Model create(GanParameters parameters, ModelContext context) {
        return new GanModel(dcgan(parameters, context), parameters, context);
    }

    /**
     * Restores the weights of both networks, the generator's moving statistics and both optimisers' state and
     * iteration counts, so that training continues exactly where the saved model stopped. A model saved without
     * optimiser state (by an older GenLab) loads for generating only: training it fails with a message.
     */
    @Override
    public Model load(GanParameters parameters, ModelContext context, Path directory) throws IOException {
        Dcgan gan = dcgan(parameters, context);
        gan.restore(directory);
        return new GanModel(gan, parameters, context);
    }

    private static Dcgan dcgan(GanParameters parameters, ModelContext context) {
        return new Dcgan(architecture(parameters, context), context.training().optimizer());
    }

    /** The architecture for the data; a conditional one takes the dataset's classes, and needs two or more. */
    private static Architecture architecture(GanParameters parameters, ModelContext context) {
        if (!parameters.conditional()) {
            return new Architecture(parameters, context.shape());
        }
        if (context.numClasses() < 2) {
            throw new GenLabException(GenLabException.Category.CONFIG, "model.conditional: needs a dataset with"
                    + " classes, and this one has " + context.numClasses());
        }
        return new Architecture(parameters, context.shape(), context.numClasses());
    }
}
