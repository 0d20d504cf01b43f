package dev.genlab.core.run;

import dev.genlab.api.GenLabException;
import dev.genlab.api.Model;
import dev.genlab.core.environment.RunEnvironment;
import dev.genlab.core.spec.ExperimentConfig;
import dev.genlab.tracking.SavedModel;
import dev.genlab.tracking.TrackedRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Saves a trained model into a scratch directory and logs it with the run as its {@code model/} artifacts, with
 * the resolved spec beside the plugin's files so that the model loads on its own ({@code genlab sample}).
 */
public final class ModelArtifacts {
    public static final String DIRECTORY = "model";
    /** The spec the model was trained with, in the model's directory. */
    public static final String SPEC = "spec.yaml";

    private ModelArtifacts() {
    }

    static void upload(Model model, ExperimentConfig config, String dataset, long step, TrackedRun run) {
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("genlab-model-");
            model.save(scratch);
            List<Path> saved;
            try (Stream<Path> walk = Files.walk(scratch)) {
                saved = walk.filter(Files::isRegularFile).sorted().toList();
            }
            Map<String, byte[]> files = new LinkedHashMap<>();
            for (Path file : saved) {
                files.put(scratch.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
            files.putIfAbsent(SPEC, config.resolvedYaml().getBytes(StandardCharsets.UTF_8));
            run.model(new SavedModel(DIRECTORY, config.model().type(), files, flavor(config, dataset), step));
        } catch (IOException e) {
            throw new GenLabException(GenLabException.Category.TRAINING, "Cannot save the trained model: " + e, e);
        } finally {
            delete(scratch);
        }
    }

    /** What the MLmodel file's {@code genlab} flavor says besides the files: enough to know the model without GenLab. */
    private static Map<String, Object> flavor(ExperimentConfig config, String dataset) {
        Map<String, Object> flavor = new LinkedHashMap<>();
        flavor.put("genlab_version", RunEnvironment.genlabVersion());
        flavor.put("dataset", dataset);
        flavor.put("spec", SPEC);
        flavor.put("loader", "genlab sample (loads the model plugin named by model_type with spec.yaml)");
        return flavor;
    }

    private static void delete(Path directory) {
        if (directory == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
