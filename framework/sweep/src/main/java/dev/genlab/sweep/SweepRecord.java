package dev.genlab.sweep;

import java.util.List;

/**
 * What a sweep runs, kept in its {@code sweep.json} for {@code genlab sweep --resume}: the spec's text as it was,
 * the sweep's {@code --set} values and every trial's overrides, so that resuming needs neither the spec file nor
 * the command line again.
 */
record SweepRecord(String parentRunId, String parentLocalId, String experiment, String runName, String specName,
        String specText, List<String> overrides, int parallel, List<Entry> trials) {
    SweepRecord {
        overrides = List.copyOf(overrides);
        trials = List.copyOf(trials);
    }

    /** One trial: its configuration's number and its overrides, the seed's among them. */
    record Entry(int index, int configuration, List<String> overrides, String label) {
        Entry {
            overrides = List.copyOf(overrides);
        }
    }

    int configurations() {
        return trials.stream().mapToInt(Entry::configuration).max().orElse(-1) + 1;
    }

    /** The label of configuration {@code c}: its trials' overrides without the seed. */
    String configurationLabel(int c) {
        return trials.stream().filter(trial -> trial.configuration() == c).findFirst()
                .map(trial -> String.join(" ", trial.overrides().stream()
                        .filter(override -> !override.startsWith("seed=")).toList()))
                .orElse("");
    }
}
