package dev.genlab.tracking;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What became of a run's events when the program stopped waiting for its server: how many are only in the
 * run's journal, how many the server refused, and how to send the rest.
 *
 * @param unsent events not yet acknowledged by the server
 * @param rejected events the server refused for good (each was reported when it happened)
 * @param problem why the rest was not sent, when known
 * @param runDirectory the run's journal directory, as a person types it
 */
public record Delivery(long unsent, long rejected, Optional<String> problem, String runDirectory) {
    /** For runs that have nowhere to send anything (kept in memory). */
    public static final Delivery NOTHING_PENDING = new Delivery(0, 0, Optional.empty(), "");
    /** The name of the journal in a run directory, where what was not sent is kept. */
    public static final String JOURNAL_FILE = "journal.jsonl";

    public Delivery {
        requireNonNull(problem, "problem is null");
        requireNonNull(runDirectory, "runDirectory is null");
    }

    public boolean complete() {
        return unsent == 0;
    }

    /** The lines to show when the run ends; none when everything arrived. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        if (rejected > 0) {
            lines.add(String.format(Locale.ROOT, "%,d event%s refused by the MLflow server (reported above) %s marked"
                    + " rejected in %s/%s", rejected, rejected == 1 ? " was" : "s were", rejected == 1 ? "is" : "are",
                    runDirectory, JOURNAL_FILE));
        }
        if (unsent > 0) {
            // Why is not repeated: the sender said so when it happened, and the start of the run if offline.
            lines.add(String.format(Locale.ROOT, "%,d event%s of this run %s not in MLflow yet; %s kept in %s: send"
                    + " %s with `genlab sync %s`", unsent, unsent == 1 ? "" : "s", unsent == 1 ? "is" : "are",
                    unsent == 1 ? "it is" : "they are", runDirectory, unsent == 1 ? "it" : "them", runDirectory));
        }
        return lines;
    }
}
