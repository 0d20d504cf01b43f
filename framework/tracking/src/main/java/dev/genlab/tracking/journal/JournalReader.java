package dev.genlab.tracking.journal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genlab.tracking.RunStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a run's journal back from a byte offset. Only complete lines count: the one being written (or cut
 * short by a crash) is left for later. A complete line that cannot be parsed comes back as
 * {@link JournalEvent.Damaged} rather than stopping everything after it.
 */
public final class JournalReader {
    private static final int CHUNK = 64 * 1024;

    /** One event and where its line ends, which is where reading resumes after it. */
    public record Entry(long seq, JournalEvent event, long endOffset) {
        public Entry {
            requireNonNull(event, "event is null");
        }
    }

    private JournalReader() {
    }

    /** Up to {@code max} complete events starting at byte {@code offset}. */
    public static List<Entry> read(Path journal, long offset, int max) {
        List<Entry> entries = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(journal, StandardOpenOption.READ)) {
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            long position = offset;
            long lineStart = offset;
            while (entries.size() < max) {
                chunk.clear();
                int read = channel.read(chunk, position);
                if (read <= 0) {
                    break;
                }
                byte[] bytes = chunk.array();
                for (int i = 0; i < read && entries.size() < max; i++) {
                    if (bytes[i] == '\n') {
                        long end = position + i + 1;
                        entries.add(parse(line.toString(StandardCharsets.UTF_8), lineStart, end));
                        line.reset();
                        lineStart = end;
                    } else {
                        line.write(bytes[i]);
                    }
                }
                position += read;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the run journal " + journal, e);
        }
        return entries;
    }

    public static List<Entry> readAll(Path journal) {
        return read(journal, 0, Integer.MAX_VALUE);
    }

    /** The length of the journal up to its last complete line. */
    /** How the run's last start or resumption ended; empty while it has not ended. */
    public static Optional<RunStatus> endedAs(List<Entry> entries) {
        Optional<RunStatus> status = Optional.empty();
        for (Entry entry : entries) {
            if (entry.event() instanceof JournalEvent.Ended ended) {
                status = Optional.of(ended.status());
            } else if (entry.event() instanceof JournalEvent.Resumed) {
                status = Optional.empty();
            }
        }
        return status;
    }

    static long completeLength(FileChannel channel) throws IOException {
        long end = channel.size();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (end > 0) {
            one.clear();
            channel.read(one, end - 1);
            if (one.get(0) == '\n') {
                return end;
            }
            end--;
        }
        return 0;
    }

    private static Entry parse(String line, long start, long end) {
        try {
            JsonNode node = Journal.JSON.readTree(line);
            long seq = node.path(Journal.SEQ).asLong(0);
            JournalEvent event = Journal.JSON.treeToValue(node, JournalEvent.class);
            return new Entry(seq, event, end);
        } catch (IOException | IllegalArgumentException e) {
            return new Entry(0, new JournalEvent.Damaged(line, "line at byte " + start + " cannot be read: "
                    + e.getMessage()), end);
        }
    }
}
