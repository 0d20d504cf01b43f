package dev.genlab.plugins.vae;

import dev.genlab.api.GenLabException;
import dev.genlab.api.ImageShape;
import dev.genlab.api.Model;
import dev.genlab.api.ModelContext;
import dev.genlab.api.ModelFactory;
import dev.genlab.api.ModelPlan;
import dev.genlab.api.Problem;
import dev.genlab.support.Updaters;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The convolutional variational autoencoder: {@code type: vae}. */
final class VaeModelFactory implements ModelFactory<VaeParameters> {
    @Override
    public String name() {
        return "vae";
    }

    @Override
    public String description() {
        return "convolutional VAE (reference: conv 32-64 stride 2, latent 16, mirrored transposed convs, "
                + "0.5 x SSE + KL)";
    }

    @Override
    public VaeParameters defaults() {
        return VaeParameters.DEFAULTS;
    }

    @Override
    public List<Problem> validate(VaeParameters parameters) {
        if (parameters.filters().isEmpty()) {
            return List.of(Problem.of("filters", "must name at least one convolution"));
        }
        return List.of();
    }

    /**
     * The sizes of {@link VaeGraph}: stride-2 3x3 convolutions, a dense layer to the mean and log-variance, a dense
     * layer back to the smallest map and mirrored transposed convolutions; a step runs the encoder and one decoder.
     */
    @Override
    public Optional<ModelPlan> plan(VaeParameters parameters, ModelContext context) {
        ImageShape image = context.shape();
        List<Integer> filters = parameters.filters();
        if (parameters.conditional() && context.numClasses() < 2) {
            return Optional.of(ModelPlan.invalid(Problem.of("conditional", "needs a dataset with classes, and this"
                    + " one has " + context.numClasses())));
        }
        long classes = parameters.conditionClasses(context.numClasses());
        if (filters.size() >= 31 || image.height() % (1 << filters.size()) != 0
                || image.width() % (1 << filters.size()) != 0) {
            long factor = filters.size() >= 62 ? Long.MAX_VALUE : 1L << filters.size();
            return Optional.of(ModelPlan.invalid(Problem.of("filters", filters.size() + " stride-2 layers need image"
                    + " sides divisible by " + factor + ", but images are " + image)));
        }
        long kernel = 3;
        ModelPlan.Builder plan = ModelPlan.builder().activations(image.pixels());
        long channels = image.channels();
        long height = image.height();
        long width = image.width();
        long encodedHeight = height;
        long encodedWidth = width;
        for (int filter : filters) {
            height /= 2;
            width /= 2;
            encodedHeight = parameters.encoderPadding() == VaeParameters.Padding.SAME ? height
                    : (encodedHeight - kernel) / 2 + 1;
            encodedWidth = parameters.encoderPadding() == VaeParameters.Padding.SAME ? width
                    : (encodedWidth - kernel) / 2 + 1;
            plan.weights(kernel, kernel, channels, filter).weights(filter)
                    .activations(filter, encodedHeight, encodedWidth);
            channels = filter;
        }
        if (encodedHeight < 1 || encodedWidth < 1) {
            return Optional.of(ModelPlan.invalid(Problem.of("encoderPadding", filters.size() + " valid 3x3"
                    + " convolutions of stride 2 leave no pixel of images " + image)));
        }
        long flat = ModelPlan.Builder.product(channels, encodedHeight, encodedWidth);
        long latent = parameters.latentDim();
        plan.weights(flat + classes, 2 * latent).weights(2 * latent).activations(4 * latent);
        long decoderFlat = ModelPlan.Builder.product(parameters.denseChannels(), height, width);
        plan.weights(latent + classes, decoderFlat).weights(decoderFlat).activations(decoderFlat);
        channels = parameters.denseChannels();
        for (int i = filters.size() - 1; i >= -1; i--) {
            long out = i >= 0 ? filters.get(i) : image.channels();
            if (i >= 0) {
                height *= 2;
                width *= 2;
            }
            plan.weights(kernel, kernel, out, channels).weights(out).activations(out, height, width);
            channels = out;
        }
        return Optional.of(plan.activations(image.pixels()).build());
    }

    @Override
    public Model create(VaeParameters parameters, ModelContext context) {
        VaeNetwork network = VaeNetwork.create(VaeGraph.build(parameters, context.shape(),
                classes(parameters, context), context.seed()), Updaters.of(context.training().optimizer()));
        return new VaeModel(network, parameters, context);
    }

    @Override
    public Model load(VaeParameters parameters, ModelContext context, Path directory) throws IOException {
        if (!Files.isRegularFile(directory.resolve(VaeNetwork.FILE))) {
            throw new FileNotFoundException("no saved VAE in " + directory + " (" + VaeNetwork.FILE + ")");
        }
        classes(parameters, context);
        return new VaeModel(VaeNetwork.load(directory), parameters, context);
    }

    /** The classes the model conditions on (0 when unconditional); a conditional model needs labelled data. */
    private static int classes(VaeParameters parameters, ModelContext context) {
        if (parameters.conditional() && context.numClasses() < 2) {
            throw new GenLabException(GenLabException.Category.CONFIG, "model.conditional: needs a dataset with"
                    + " classes, and this one has " + context.numClasses());
        }
        return parameters.conditionClasses(context.numClasses());
    }
}
