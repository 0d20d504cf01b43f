package dev.genlab.plugins.gan;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The optimisers' state of the DCGAN's two networks in one file, so that a saved model continues training exactly
 * where it stopped. The layout, in {@link DataOutputStream}'s big-endian encoding:
 *
 * <pre>
 * UTF   "genlab-gan-optimizer"          magic
 * int   1                               format version
 * int   networks                        2: "discriminator", then "generator"
 * per network:
 *   UTF   network name
 *   UTF   optimiser kind                ND4J's IUpdater class name: Adam, Nadam, Sgd...
 *   int   iteration                     steps taken, the iteration of the next step (Adam's bias correction)
 *   int   arrays
 *   per array:
 *     UTF   key                         parameter/state, e.g. d_conv0_W/M, d_conv0_W/V
 *     ...   array                       Nd4j.write: shape information then the data, bit for bit
 * </pre>
 *
 * <p>The weights and the generator's batch-norm moving statistics are not here: they are in the two SameDiff
 * files beside this one.
 */
final class OptimizerStateFile {
    private static final String MAGIC = "genlab-gan-optimizer";
    private static final int VERSION = 1;

    private OptimizerStateFile() {
    }

    /** Writes the state of {@code updaters}, by network name, in their map's order. */
    static void write(Path file, Map<String, NetworkUpdater> updaters) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeUTF(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(updaters.size());
            for (Map.Entry<String, NetworkUpdater> network : updaters.entrySet()) {
                NetworkUpdater updater = network.getValue();
                Map<String, INDArray> state = updater.state();
                out.writeUTF(network.getKey());
                out.writeUTF(updater.kind());
                out.writeInt(updater.iteration());
                out.writeInt(state.size());
                for (Map.Entry<String, INDArray> array : state.entrySet()) {
                    out.writeUTF(array.getKey());
                    // the updaters' arrays are views into one state row per parameter: write each as a compact
                    // array of its own
                    Nd4j.write(array.getValue().dup('c'), out);
                }
            }
        }
    }

    /**
     * Reads a file written by {@link #write} into {@code updaters}, which must be the same networks with the same
     * kind of optimiser and the same parameters.
     */
    static void read(Path file, Map<String, NetworkUpdater> updaters) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (!MAGIC.equals(readMagic(in))) {
                throw new IOException(file + " is not a GenLab GAN optimiser state file");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException(file + ": optimiser state format " + version + ", this GenLab reads "
                        + VERSION);
            }
            int networks = in.readInt();
            if (networks != updaters.size()) {
                throw new IOException(file + ": " + networks + " networks, expected " + updaters.size());
            }
            for (Map.Entry<String, NetworkUpdater> network : updaters.entrySet()) {
                String name = in.readUTF();
                if (!name.equals(network.getKey())) {
                    throw new IOException(file + ": found network '" + name + "' where '" + network.getKey()
                            + "' was expected");
                }
                NetworkUpdater updater = network.getValue();
                String kind = in.readUTF();
                if (!kind.equals(updater.kind())) {
                    throw new IOException(file + ": the " + name + " was trained with " + kind + ", not "
                            + updater.kind() + "; resume with the optimiser the model was trained with");
                }
                int iteration = in.readInt();
                int count = in.readInt();
                Map<String, INDArray> state = new LinkedHashMap<>();
                for (int i = 0; i < count; i++) {
                    state.put(in.readUTF(), Nd4j.read(in));
                }
                updater.restore(state, iteration, file + " (" + name + ")");
            }
        } catch (EOFException e) {
            throw new IOException(file + " is truncated", e);
        }
    }

    private static String readMagic(DataInputStream in) throws IOException {
        try {
            return in.readUTF();
        } catch (IOException e) {
            return null;
        }
    }
}
