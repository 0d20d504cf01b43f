package dev.genlab.tracking.journal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Appends events to a run's journal. Each event is one JSON line, handed whole to the operating system before
 * {@link #append} returns: a reader (the sender) sees it at once, and a crash of the program loses nothing. A
 * crash of the machine loses what was written since the last {@link #sync}, about a second. Artifact bodies
 * are files beside the journal, written before the line that names them.
 *
 * <p>Writes go through a {@link FileOutputStream}, not a {@link FileChannel}: a channel is closed for good when a
 * thread using it is interrupted (a sampler or sender stopped at the end of a run), and every later line of the
 * run would fail with it; a stream's writes and syncs ignore interrupts.
 */
public final class Journal implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    static final String SEQ = "seq";

    private final RunDirectory directory;
    private final FileOutputStream out;
    private final List<Path> unsyncedBodies = new ArrayList<>();
    private long lastSeq;
    private long size;
    private long syncedSize;
    private long bodies;

    private Journal(RunDirectory directory, FileOutputStream out, long lastSeq, long size, long bodies) {
        this.directory = directory;
        this.out = out;
        this.lastSeq = lastSeq;
        this.size = size;
        this.bodies = bodies;
    }

    /** Starts the journal of a new run. */
    public static Journal create(RunDirectory directory) {
        try {
            Files.createFile(directory.journal());
            return new Journal(directory, new FileOutputStream(directory.journal().toFile(), true), 0, 0, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the journal " + directory.journal(), e);
        }
    }

    /**
     * Opens an existing journal to add to it. A last line cut short by a crash was never acknowledged by
     * anyone and cannot be read back, so it is dropped.
     */
    public static Journal reopen(RunDirectory directory) {
        try {
            FileChannel channel = FileChannel.open(directory.journal(), StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            long complete = JournalReader.completeLength(channel);
            if (complete < channel.size()) {
                channel.truncate(complete);
                channel.force(false);
            }
            channel.close();
            long lastSeq = 0;
            for (JournalReader.Entry entry : JournalReader.readAll(directory.journal())) {
                lastSeq = Math.max(lastSeq, entry.seq());
            }
            long bodies;
            try (var files = Files.list(directory.artifacts())) {
                bodies = files.count();
            }
            return new Journal(directory, new FileOutputStream(directory.journal().toFile(), true), lastSeq, complete,
                    bodies);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the journal " + directory.journal(), e);
        }
    }

    /** Writes {@code event} as the next line; returns its sequence number. */
    public synchronized long append(JournalEvent event) {
        requireNonNull(event, "event is null");
        long seq = lastSeq + 1;
        byte[] line = encode(seq, event);
        try {
            out.write(line);
            size += line.length;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write to the run journal " + directory.journal(), e);
        }
        lastSeq = seq;
        return seq;
    }

    /**
     * Keeps an artifact's bytes in the run directory; returns the file's path relative to it, for the
     * {@link JournalEvent.Artifact} line that must follow.
     */
    public synchronized String writeBody(String artifactPath, byte[] content) {
        String name = artifactPath.substring(artifactPath.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._+~-]", "_");
        String file = RunDirectory.ARTIFACTS + "/" + String.format(Locale.ROOT, "%06d-", ++bodies)
                + (name.length() > 100 ? name.substring(name.length() - 100) : name);
        Path body = directory.path().resolve(file);
        try {
            Files.write(body, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep artifact " + artifactPath + " in " + body, e);
        }
        unsyncedBodies.add(body);
        return file;
    }

    /**
     * Puts everything written so far on disk: artifact bodies first, then the journal, so that a line on disk
     * never names a body that is not. Called every second or so by the run and before the end is reported;
     * appends go on meanwhile.
     */
    public void sync() {
        List<Path> bodiesToSync;
        long target;
        synchronized (this) {
            if (syncedSize == size && unsyncedBodies.isEmpty()) {
                return;
            }
            bodiesToSync = List.copyOf(unsyncedBodies);
            unsyncedBodies.clear();
            target = size;
        }
        try {
            for (Path body : bodiesToSync) {
                try (FileOutputStream file = new FileOutputStream(body.toFile(), true)) {
                    file.getFD().sync();
                }
            }
            if (!bodiesToSync.isEmpty()) {
                forceDirectory(directory.artifacts());
            }
            out.getFD().sync();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot flush the run journal " + directory.journal() + " to disk", e);
        }
        synchronized (this) {
            syncedSize = Math.max(syncedSize, target);
        }
    }

    /** Makes sure the journal is on disk at least up to {@code offset}, so nothing acknowledged can be lost. */
    public void syncThrough(long offset) {
        boolean needed;
        synchronized (this) {
            needed = offset > syncedSize;
        }
        if (needed) {
            sync();
        }
    }

    synchronized long lastSeq() {
        return lastSeq;
    }

    public RunDirectory directory() {
        return directory;
    }

    @Override
    public void close() {
        sync();
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close the run journal " + directory.journal(), e);
        }
    }

    /** Makes a new file's name durable in its directory; not every platform can, and there it is skipped. */
    public static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Windows cannot open a directory as a file; its file system orders these writes itself.
        }
    }

    /**
     * The event's JSON object with {@code "seq"} put first. Spliced rather than built as a tree: this runs for
     * every metric value, and the event's own serialization always begins with the '{' it replaces.
     */
    private static byte[] encode(long seq, JournalEvent event) {
        try {
            byte[] json = JSON.writeValueAsBytes(event);
            byte[] prefix = ("{\"" + SEQ + "\":" + seq + ",").getBytes(StandardCharsets.US_ASCII);
            byte[] line = new byte[prefix.length + json.length];
            System.arraycopy(prefix, 0, line, 0, prefix.length);
            System.arraycopy(json, 1, line, prefix.length, json.length - 1);
            line[line.length - 1] = '\n';
            return line;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a journal event " + event, e);
        }
    }
}
