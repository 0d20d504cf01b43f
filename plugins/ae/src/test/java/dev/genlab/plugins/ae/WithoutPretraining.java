package dev.genlab.plugins.ae;

import dev.genlab.api.Dataset;
import dev.genlab.api.Model;
import dev.genlab.api.ModelContext;
import dev.genlab.api.ModelFactory;
import dev.genlab.api.Plugin;
import dev.genlab.api.RunLog;
import dev.genlab.api.Split;
import dev.genlab.api.Stage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The stacked autoencoder's network trained without pre-training, for comparison: the same model with its
 * fine-tuning stage only, so the classifier starts from the stack's untrained weights. Test sources only.
 */
final class WithoutPretraining implements ModelFactory<SaeParameters> {
    static final String NAME = "sae-without-pretraining";
    static final Plugin PLUGIN = new Plugin() {
        @Override
        public List<ModelFactory<?>> models() {
            return List.of(new WithoutPretraining());
        }
    };

    private final SaeModelFactory sae = new SaeModelFactory();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "the sae network, fine-tuned without pre-training (tests)";
    }

    @Override
    public SaeParameters defaults() {
        return sae.defaults();
    }

    @Override
    public Model create(SaeParameters parameters, ModelContext context) {
        Model model = sae.create(parameters, context);
        return new Model() {
            @Override
            public List<Stage> stages() {
                List<Stage> all = model.stages();
                return List.of(all.get(all.size() - 1));
            }

            @Override
            public Map<String, Double> evaluate(Dataset data, RunLog log, long step) {
                return model.evaluate(data, log, step);
            }

            @Override
            public INDArray generate(int count, Split inputs, long seed) {
                return model.generate(count, inputs, seed);
            }

            @Override
            public void save(Path directory) throws IOException {
                model.save(directory);
            }

            @Override
            public void close() {
                model.close();
            }
        };
    }
}
