package dev.genlab.plugins.vae;

import dev.genlab.api.ModelFactory;
import dev.genlab.api.Plugin;
import java.util.List;

/** Contributes the convolutional variational autoencoder. */
public final class VaePlugin implements Plugin {
    @Override
    public List<ModelFactory<?>> models() {
        return List.of(new VaeModelFactory());
    }
}
