package dev.genlab.plugins.gan;

import dev.genlab.api.ModelFactory;
import dev.genlab.api.Plugin;
import java.util.List;

/** Contributes the DCGAN. */
public final class GanPlugin implements Plugin {
    @Override
    public List<ModelFactory<?>> models() {
        return List.of(new GanModelFactory());
    }
}
