package dev.genlab.plugins.ae;

import dev.genlab.api.ModelFactory;
import dev.genlab.api.Plugin;
import java.util.List;

/** Contributes the dense autoencoders: plain ({@code ae}), denoising ({@code dae}) and stacked ({@code sae}). */
public final class AePlugin implements Plugin {
    @Override
    public List<ModelFactory<?>> models() {
        return List.of(new AeModelFactory(), new DaeModelFactory(), new SaeModelFactory());
    }
}
