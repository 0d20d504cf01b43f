package dev.genlab.plugins.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genlab.api.GenLabException;
import dev.genlab.testing.GenLabFixture;
import dev.genlab.testing.BoundSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plugin is found by name and its parameters are checked before anything runs. */
class GanModelFactoryTest {
    private static final String SPEC = """
            experiment: gan
            dataset: mnist
            model: gan
            training:
              iterations: 10
            tracking:
              uri: none
            """;

    @Test
    void defaultsAreTheReferenceConfiguration() {
        GanParameters defaults = new GanModelFactory().defaults();

        assertThat(defaults).isEqualTo(new GanParameters(32, 64, 64, 0.4, 0.3, 0.9, 8));
    }

    @Test
    void specNamingGanGetsTheDcgan() {
        BoundSpec config = GenLabFixture.create().spec(SPEC);

        assertThat(config.modelType()).isEqualTo("gan");
        assertThat(config.modelParameters()).isEqualTo(GanParameters.DEFAULTS);
    }

    @Test
    void generatorFiltersMustHalveTwice() {
        GenLabFixture genlab = GenLabFixture.create();

        assertThatThrownBy(() -> genlab.spec(SPEC, "model.generatorFilters=30"))
                .isInstanceOfSatisfying(GenLabException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().startsWith("model.generatorFilters: must be a multiple of 4 (the transposed "
                                + "convolutions have a half and a quarter of them), got 30"));
    }

    @Test
    void dropoutIsAFractionToDrop() {
        GenLabFixture genlab = GenLabFixture.create();

        assertThatThrownBy(() -> genlab.spec(SPEC, "model.dropout=1"))
                .isInstanceOfSatisfying(GenLabException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().startsWith("model.dropout: must be < 1"));
    }
}
