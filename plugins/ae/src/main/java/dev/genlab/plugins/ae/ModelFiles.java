package dev.genlab.plugins.ae;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/** Writes and reads the plugin's networks with DL4J's serializer, optimiser state included so training can resume. */
final class ModelFiles {
    private ModelFiles() {
    }

    static void write(MultiLayerNetwork network, Path directory, String file) throws IOException {
        Files.createDirectories(directory);
        ModelSerializer.writeModel(network, directory.resolve(file).toFile(), true);
    }

    static MultiLayerNetwork read(Path directory, String file) throws IOException {
        return ModelSerializer.restoreMultiLayerNetwork(directory.resolve(file).toFile(), true);
    }
}
