package dev.genlab.tracking.journal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * How far each server has acknowledged a run's journal ({@code sent.json}): per destination, the byte offset
 * after the last acknowledged line and its sequence number. Replaced whole and atomically, so that it is
 * either the old or the new position after a crash, never a torn one.
 */
public final class SentCursor {
    private final Path file;
    private final String destination;
    // Read by threads reporting progress while the sender advances them.
    private volatile long offset;
    private volatile long seq;

    private SentCursor(Path file, String destination, long offset, long seq) {
        this.file = file;
        this.destination = destination;
        this.offset = offset;
        this.seq = seq;
    }

    /** The position of {@code destination} in the run's journal: the start if it has acknowledged nothing. */
    public static SentCursor load(RunDirectory directory, String destination) {
        requireNonNull(destination, "destination is null");
        JsonNode position = read(directory.cursor()).path(destination);
        return new SentCursor(directory.cursor(), destination, position.path("offset").asLong(0),
                position.path("seq").asLong(0));
    }

    public long offset() {
        return offset;
    }

    public long seq() {
        return seq;
    }

    /** Records that everything up to byte {@code newOffset} (event {@code newSeq}) was acknowledged. */
    public void advance(long newOffset, long newSeq) {
        ObjectNode all = read(file);
        all.putObject(destination).put("offset", newOffset).put("seq", newSeq);
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(Journal.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(all)));
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot record what was sent in " + file, e);
        }
        offset = newOffset;
        seq = newSeq;
    }

    private static ObjectNode read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Journal.JSON.createObjectNode();
        }
        try {
            JsonNode node = Journal.JSON.readTree(file.toFile());
            return node instanceof ObjectNode object ? object : Journal.JSON.createObjectNode();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ", which records what the run's servers"
                    + " acknowledged: move it away to send the whole run again", e);
        }
    }
}
