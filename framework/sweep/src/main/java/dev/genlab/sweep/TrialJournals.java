package dev.genlab.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds a trial's child run among the runs journaled in a working directory, by the tags it started with (its
 * parent and its number): a retried or resumed trial goes on in that run instead of starting a duplicate. Reads
 * the journal's documented line format ({@code journal.jsonl}: one JSON object per line, {@code type} first).
 */
final class TrialJournals {
    static final String PARENT_TAG = "genlab.sweep.parent";
    static final String TRIAL_TAG = "genlab.sweep.trial";
    private static final String RUNS = ".genlab/runs";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TrialJournals() {
    }

    /** What a trial's journal says: its local id, its MLflow id once known, how it last ended, its test metrics. */
    record Found(Path directory, String localId, Optional<String> runId, Optional<String> endedAs,
            Map<String, Double> testMetrics) {
    }

    static Optional<Found> find(Path workDir, String parentRunId, int index) {
        Path runs = workDir.resolve(RUNS);
        if (!Files.isDirectory(runs)) {
            return Optional.empty();
        }
        try (Stream<Path> directories = Files.list(runs)) {
            for (Path directory : directories.sorted().toList()) {
                Optional<Found> found = read(directory, parentRunId, Integer.toString(index));
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the runs in " + runs, e);
        }
    }

    private static Optional<Found> read(Path directory, String parentRunId, String index) throws IOException {
        Path journal = directory.resolve("journal.jsonl");
        if (!Files.isRegularFile(journal)) {
            return Optional.empty();
        }
        try (BufferedReader lines = Files.newBufferedReader(journal, StandardCharsets.UTF_8)) {
            JsonNode start = parse(lines.readLine());
            JsonNode tags = start.path("tags");
            if (!start.path("type").asText().equals("start") || !tags.path(PARENT_TAG).asText().equals(parentRunId)
                    || !tags.path(TRIAL_TAG).asText().equals(index)) {
                return Optional.empty();
            }
            Optional<String> runId = Optional.empty();
            Optional<String> ended = Optional.empty();
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (String line : (Iterable<String>) lines.lines()::iterator) {
                JsonNode event = parse(line);
                switch (event.path("type").asText()) {
                    case "created" -> runId = Optional.of(event.path("runId").asText());
                    case "end" -> ended = Optional.of(event.path("status").asText());
                    case "resume" -> ended = Optional.empty();
                    case "metric" -> {
                        String key = event.path("key").asText();
                        if (TrialResult.isFinalMetric(key)) {
                            metrics.put(key, event.path("value").asDouble());
                        }
                    }
                    default -> { }
                }
            }
            return Optional.of(new Found(directory, start.path("localId").asText(), runId, ended, metrics));
        }
    }

    private static JsonNode parse(String line) {
        if (line == null || line.isBlank()) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            return JSON.missingNode(); // a line cut short by a crash: the journal reader skips it too
        }
    }
}
