package dev.genlab.plugins.ae;

import dev.genlab.api.ModelFactory;
import dev.genlab.api.Plugin;
import java.util.List;

/** Contributes the dense autoencoder. */
public final class AePlugin implements Plugin {
    @Override
    public List<ModelFactory<?>> models() {
        return List.of(new AeModelFactory());
    }
}
