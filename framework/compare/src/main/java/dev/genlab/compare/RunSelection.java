package dev.genlab.compare;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.GenLabException;
import dev.genlab.tracking.rest.MlflowApi;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The runs the command line names, read from MLflow: by id, an experiment's (the last N), or a sweep parent's
 * children. Comparison runs and sweep parents are left out of an experiment's runs: they are not trials.
 *
 * @param runs oldest first
 * @param parent the sweep's parent run, for {@code --parent}
 * @param title what was compared, for the report
 */
record RunSelection(List<MlflowApi.RunRecord> runs, Optional<MlflowApi.RunRecord> parent, String title) {
    static final String KIND_TAG = "genlab.kind";
    static final String COMPARISON = "comparison";
    private static final String PARENT_TAG = "mlflow.parentRunId";
    private static final String SWEEP_ROLE_TAG = "genlab.sweep.role";
    private static final String TRIAL_TAG = "genlab.sweep.trial";
    private static final int ALL = Integer.MAX_VALUE;

    RunSelection {
        runs = List.copyOf(runs);
        requireNonNull(parent, "parent is null");
        requireNonNull(title, "title is null");
    }

    static RunSelection of(CompareArguments arguments, MlflowApi api, URI server) {
        if (arguments.parent().isPresent()) {
            return children(api, server, arguments.parent().get());
        }
        if (arguments.experiment().isPresent()) {
            return experiment(api, server, arguments.experiment().get(), arguments.last());
        }
        List<MlflowApi.RunRecord> runs = new ArrayList<>();
        for (String id : arguments.runIds()) {
            runs.add(run(api, server, id));
        }
        return new RunSelection(runs, Optional.empty(), "Comparison of " + runs.size() + " runs");
    }

    private static RunSelection children(MlflowApi api, URI server, String parentId) {
        MlflowApi.RunRecord parent = run(api, server, parentId);
        List<MlflowApi.RunRecord> children = new ArrayList<>(api.searchRuns(List.of(parent.experimentId()),
                "tags.`" + PARENT_TAG + "` = '" + parent.runId() + "'", "attributes.start_time ASC", ALL));
        children.sort(Comparator.comparingLong(RunSelection::trial).thenComparingLong(MlflowApi.RunRecord::startTime));
        if (children.size() < 2) {
            throw new GenLabException(GenLabException.Category.CONFIG, "--parent " + parentId + ": run '"
                    + parent.runName() + "' has " + (children.isEmpty() ? "no child runs" : "one child run")
                    + " in " + server + ", nothing to compare");
        }
        return new RunSelection(children, Optional.of(parent), "Comparison of the " + children.size()
                + " runs of '" + parent.runName() + "'");
    }

    private static RunSelection experiment(MlflowApi api, URI server, String name, Optional<Integer> last) {
        MlflowApi.Experiment experiment = api.experiment(name).filter(found -> !found.deleted())
                .orElseThrow(() -> new GenLabException(GenLabException.Category.CONFIG, "--experiment " + name
                        + ": there is no experiment '" + name + "' in " + server));
        List<MlflowApi.RunRecord> runs = new ArrayList<>(api.searchRuns(List.of(experiment.experimentId()), "",
                "attributes.start_time DESC", ALL).stream().filter(RunSelection::trialOrRun).toList());
        if (last.isPresent() && runs.size() > last.get()) {
            runs = new ArrayList<>(runs.subList(0, last.get()));
        }
        runs.sort(Comparator.comparingLong(MlflowApi.RunRecord::startTime));
        if (runs.size() < 2) {
            throw new GenLabException(GenLabException.Category.CONFIG, "--experiment " + name + ": experiment '"
                    + name + "' has " + (runs.isEmpty() ? "no runs" : "one run") + " in " + server
                    + ", nothing to compare");
        }
        return new RunSelection(runs, Optional.empty(), (last.isPresent() ? "The last " : "All ") + runs.size()
                + " runs of experiment '" + name + "'");
    }

    private static MlflowApi.RunRecord run(MlflowApi api, URI server, String id) {
        return api.run(id).orElseThrow(() -> new GenLabException(GenLabException.Category.CONFIG, "Run " + id
                + ": there is no such run in " + server + " (give MLflow run ids, as the run pages show them)"));
    }

    private static boolean trialOrRun(MlflowApi.RunRecord run) {
        return !COMPARISON.equals(run.tags().get(KIND_TAG)) && !"parent".equals(run.tags().get(SWEEP_ROLE_TAG));
    }

    private static long trial(MlflowApi.RunRecord run) {
        try {
            return Long.parseLong(run.tags().getOrDefault(TRIAL_TAG, ""));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
