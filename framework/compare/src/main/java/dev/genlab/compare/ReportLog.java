package dev.genlab.compare;

import dev.genlab.tracking.RunStatus;
import dev.genlab.tracking.rest.MlflowApi;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Logs a report to MLflow, where the runs it compares are: a sweep's comparison goes to the sweep's parent run,
 * beside its trials table; any other to a run of its own, tagged {@value RunSelection#KIND_TAG}={@value
 * RunSelection#COMPARISON} in the experiment of the first run compared, so that the compared runs stay as their
 * programs left them and the comparison can be found (and is left out of later {@code --experiment} comparisons).
 */
final class ReportLog {
    static final String PARENT_DIRECTORY = "comparisons";
    static final String REPORT = "compare.html";
    static final String RUNS_TAG = "genlab.compare.runs";
    private static final int MAX_NAME = 250;

    private ReportLog() {
    }

    /** Logs {@code html}; returns the run it went to, for the console. */
    static MlflowApi.CreatedRun log(MlflowApi api, RunSelection selection, String fileName, byte[] html) {
        if (selection.parent().isPresent()) {
            MlflowApi.RunRecord parent = selection.parent().get();
            api.upload(parent.artifactUri(), PARENT_DIRECTORY + "/" + fileName, html);
            return new MlflowApi.CreatedRun(parent.runId(), parent.experimentId(), parent.artifactUri(),
                    parent.runName());
        }
        List<MlflowApi.RunRecord> runs = selection.runs();
        String names = runs.stream().map(MlflowApi.RunRecord::runName).collect(Collectors.joining(" vs "));
        String name = cut("compare " + names);
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(RunSelection.KIND_TAG, RunSelection.COMPARISON);
        tags.put(RUNS_TAG, runs.stream().map(MlflowApi.RunRecord::runId).collect(Collectors.joining(",")));
        tags.put("mlflow.runName", name);
        tags.put("mlflow.note.content", selection.title() + ": " + runs.stream()
                .map(run -> run.runName() + " (" + run.runId() + ")").collect(Collectors.joining(", "))
                + ". The report is the artifact " + REPORT + ".");
        String user = System.getProperty("user.name", "unknown");
        tags.put("mlflow.user", user);
        MlflowApi.CreatedRun created = api.createRun(runs.get(0).experimentId(), name, tags,
                System.currentTimeMillis(), user);
        api.upload(created.artifactUri(), REPORT, html);
        api.endRun(created.runId(), RunStatus.FINISHED, System.currentTimeMillis());
        return created;
    }

    private static String cut(String name) {
        return name.length() <= MAX_NAME ? name : name.substring(0, MAX_NAME - 3) + "...";
    }
}
