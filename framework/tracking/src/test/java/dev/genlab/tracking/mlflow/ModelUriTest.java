package dev.genlab.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genlab.api.GenLabException;
import org.junit.jupiter.api.Test;

class ModelUriTest {
    @Test
    void runsAndRegisteredModelsAreParsedAsMlflowWritesThem() {
        assertThat(ModelUri.parse("runs:/3f2a9c/model")).isEqualTo(new ModelUri.RunModel("3f2a9c", "model"));
        assertThat(ModelUri.parse("runs:/3f2a9c")).isEqualTo(new ModelUri.RunModel("3f2a9c", "model"));
        assertThat(ModelUri.parse("runs:/3f2a9c/checkpoints/best/")).isEqualTo(
                new ModelUri.RunModel("3f2a9c", "checkpoints/best"));
        assertThat(ModelUri.parse("models:/mnist-ae/12")).isEqualTo(new ModelUri.Registered("mnist-ae", "12"));
        assertThat(ModelUri.parse("models:/mnist ae/latest").text()).isEqualTo("models:/mnist ae/latest");
        assertThat(ModelUri.isModelUri("mlartifacts/1/3f2a9c/artifacts")).isFalse();
    }

    @Test
    void anythingElseIsRefusedWithTheFormsThatWork() {
        for (String wrong : new String[] {"runs:/", "models:/mnist-ae", "models:/mnist-ae/one", "models:/a/b/1"}) {
            assertThatThrownBy(() -> ModelUri.parse(wrong)).isInstanceOfSatisfying(GenLabException.class, e -> {
                assertThat(e.category()).isEqualTo(GenLabException.Category.CONFIG);
                assertThat(e.getMessage()).isEqualTo("'" + wrong + "' is not a model URI: use runs:/<run id>/model,"
                        + " models:/<name>/<version> or models:/<name>/latest");
            });
        }
    }
}
