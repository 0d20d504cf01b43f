package dev.genlab.tracking.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.tracking.DatasetInput;
import dev.genlab.tracking.RunStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's file format: what is written is read back the same, whatever a crash left behind. */
class JournalTest {
    @TempDir
    Path runs;

    @Test
    void everyKindOfEventIsReadBackAsItWasWrittenOneLineEach() throws IOException {
        RunDirectory directory = RunDirectory.create(runs, "20250101-000000-00000001");
        DatasetInput dataset = new DatasetInput("bars", "seed-7", "code", "{\"tags\": {}}", "{}", "{}", "training");
        Map<String, String> ordered = new LinkedHashMap<>();
        ordered.put("b", "2");
        ordered.put("a", "1");
        List<JournalEvent> events = List.of(
                new JournalEvent.Started("20250101-000000-00000001", "exp", "run", ordered, 17,
                        "ada", "http://127.0.0.1:5000"),
                new JournalEvent.Params(Map.of("lr", "0.1")),
                new JournalEvent.Tags(Map.of("note", "line one\nline \"two\" ü")),
                new JournalEvent.Metric("train/loss", 0.25, 1000, 3),
                new JournalEvent.Metric("nan", Double.NaN, 1001, 4),
                new JournalEvent.Metric("inf", Double.NEGATIVE_INFINITY, 1002, 5),
                new JournalEvent.Artifact("spec.yaml", "artifacts/000001-spec.yaml", 4),
                new JournalEvent.Input(dataset),
                new JournalEvent.Ended(RunStatus.KILLED, 2000),
                new JournalEvent.Created("http://127.0.0.1:5000", "abc", "1", "mlflow-artifacts:/1/abc/artifacts",
                        "ae-mnist-2"),
                new JournalEvent.Rejected("http://127.0.0.1:5000", 2, 400, "no"));
        try (Journal journal = Journal.create(directory)) {
            for (JournalEvent event : events) {
                journal.append(event);
            }
        }

        List<String> lines = Files.readAllLines(directory.journal());
        assertThat(lines).hasSize(events.size());
        assertThat(lines.get(0)).startsWith("{\"seq\":1,\"type\":\"start\",");
        assertThat(lines.get(3)).isEqualTo("{\"seq\":4,\"type\":\"metric\",\"key\":\"train/loss\",\"value\":0.25,"
                + "\"timestamp\":1000,\"step\":3}");
        List<JournalReader.Entry> entries = JournalReader.readAll(directory.journal());
        assertThat(entries).extracting(JournalReader.Entry::event).containsExactlyElementsOf(events);
        assertThat(entries).extracting(JournalReader.Entry::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L,
                10L, 11L);
        assertThat(((JournalEvent.Started) entries.get(0).event()).tags()).as("in the order logged")
                .containsExactly(Map.entry("b", "2"), Map.entry("a", "1"));
        assertThat(entries.get(entries.size() - 1).endOffset()).isEqualTo(Files.size(directory.journal()));
    }

    @Test
    void anInterruptedWriterDoesNotCloseTheJournalForTheOthers() throws Exception {
        // a sampler thread stopped by an interrupt while it logs (the system metrics at a run's end) once closed the
        // journal's channel, and every later line of the run failed with "Cannot write to the run journal"
        RunDirectory directory = RunDirectory.create(runs, "interrupted");
        try (Journal journal = Journal.create(directory)) {
            Thread sampler = new Thread(() -> {
                Thread.currentThread().interrupt();
                journal.append(new JournalEvent.Metric("system/cpu_utilization_percentage", 50, 1, 0));
                journal.sync();
            });
            sampler.start();
            sampler.join();
            journal.append(new JournalEvent.Metric("loss", 1, 2, 1));
            journal.sync();
        }
        assertThat(JournalReader.readAll(directory.journal())).extracting(JournalReader.Entry::event).containsExactly(
                new JournalEvent.Metric("system/cpu_utilization_percentage", 50, 1, 0),
                new JournalEvent.Metric("loss", 1, 2, 1));
    }

    @Test
    void aLineCutShortByACrashIsNotReadAndIsDroppedWhenTheJournalIsReopened() throws IOException {
        RunDirectory directory = RunDirectory.create(runs, "cut");
        try (Journal journal = Journal.create(directory)) {
            journal.append(new JournalEvent.Metric("loss", 1, 1, 1));
        }
        long complete = Files.size(directory.journal());
        Files.writeString(directory.journal(), "{\"seq\":2,\"type\":\"met", StandardOpenOption.APPEND);

        assertThat(JournalReader.readAll(directory.journal())).hasSize(1);
        try (Journal journal = Journal.reopen(directory)) {
            assertThat(Files.size(directory.journal())).isEqualTo(complete);
            assertThat(journal.append(new JournalEvent.Metric("loss", 2, 2, 2))).isEqualTo(2);
        }
        assertThat(JournalReader.readAll(directory.journal())).extracting(JournalReader.Entry::event)
                .containsExactly(new JournalEvent.Metric("loss", 1, 1, 1), new JournalEvent.Metric("loss", 2, 2, 2));
    }

    @Test
    void aDamagedLineIsReportedAsSuchAndTheLinesAfterItStillCount() throws IOException {
        RunDirectory directory = RunDirectory.create(runs, "damaged");
        Files.writeString(directory.journal(), "{\"seq\":1,\"type\":\"metric\",\"key\":\"a\",\"value\":1,\"timestamp\":1,"
                + "\"step\":1}\n{garbage\n{\"seq\":3,\"type\":\"tags\",\"values\":{\"k\":\"v\"}}\n", StandardCharsets.UTF_8);

        List<JournalReader.Entry> entries = JournalReader.readAll(directory.journal());
        assertThat(entries).hasSize(3);
        assertThat(entries.get(1).event()).isInstanceOfSatisfying(JournalEvent.Damaged.class,
                damaged -> assertThat(damaged.line()).isEqualTo("{garbage"));
        assertThat(entries.get(2).event()).isEqualTo(new JournalEvent.Tags(Map.of("k", "v")));
    }

    @Test
    void readingResumesAtTheOffsetOfAnEntryAndStopsAtTheLimit() {
        RunDirectory directory = RunDirectory.create(runs, "offsets");
        try (Journal journal = Journal.create(directory)) {
            for (int step = 0; step < 10; step++) {
                journal.append(new JournalEvent.Metric("loss", step, step, step));
            }
        }

        List<JournalReader.Entry> first = JournalReader.read(directory.journal(), 0, 4);
        assertThat(first).hasSize(4);
        List<JournalReader.Entry> rest = JournalReader.read(directory.journal(), first.get(3).endOffset(), 100);
        assertThat(rest).extracting(JournalReader.Entry::seq).containsExactly(5L, 6L, 7L, 8L, 9L, 10L);
    }

    @Test
    void theCursorKeepsOnePositionPerDestinationAndSurvivesBeingReadAgain() {
        RunDirectory directory = RunDirectory.create(runs, "cursor");
        SentCursor.load(directory, "http://a:5000").advance(120, 3);
        SentCursor.load(directory, "local:/tmp/store").advance(40, 1);

        assertThat(SentCursor.load(directory, "http://a:5000")).satisfies(cursor -> {
            assertThat(cursor.offset()).isEqualTo(120);
            assertThat(cursor.seq()).isEqualTo(3);
        });
        assertThat(SentCursor.load(directory, "local:/tmp/store").offset()).isEqualTo(40);
        assertThat(SentCursor.load(directory, "http://b:5000").offset()).isZero();
        assertThat(directory.cursor().resolveSibling(RunDirectory.CURSOR + ".tmp")).doesNotExist();
    }

    @Test
    void aRunDirectoryIsLockedWhileInUse() {
        RunDirectory directory = RunDirectory.create(runs, "locked");
        RunDirectory.Lock held = directory.tryLock().orElseThrow();
        assertThat(directory.tryLock()).isEmpty();
        held.close();
        directory.tryLock().orElseThrow().close();
    }
}
