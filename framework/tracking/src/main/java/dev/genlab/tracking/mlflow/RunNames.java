package dev.genlab.tracking.mlflow;

import dev.genlab.tracking.rest.MlflowApi;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Run names unique within an experiment: a name already taken by an active run gets the suffix {@code -2},
 * {@code -3}, ... one past the highest in use, so that two runs of one spec can be told apart in MLflow's lists.
 */
final class RunNames {
    private static final int ALL = Integer.MAX_VALUE;

    private RunNames() {
    }

    /** {@code wanted}, or {@code wanted-N} for the smallest N above every suffix in use (at least 2). */
    static String free(MlflowApi api, String experimentId, String wanted) {
        List<String> experiment = List.of(experimentId);
        boolean taken = api.searchRuns(experiment, "attributes.run_name LIKE " + like(wanted, ""), "", ALL).stream()
                .anyMatch(run -> run.runName().equals(wanted));
        if (!taken) {
            return wanted;
        }
        List<String> suffixed = api.searchRuns(experiment, "attributes.run_name LIKE " + like(wanted + "-", "%"), "",
                ALL).stream().map(MlflowApi.RunRecord::runName).toList();
        return wanted + "-" + (highestSuffix(wanted, suffixed) + 1);
    }

    /** The highest N of the names {@code wanted-N} among {@code names}, at least 1. */
    static long highestSuffix(String wanted, List<String> names) {
        Pattern suffixed = Pattern.compile(Pattern.quote(wanted) + "-([1-9][0-9]{0,8})");
        long highest = 1;
        for (String name : names) {
            Matcher matcher = suffixed.matcher(name);
            if (matcher.matches()) {
                highest = Math.max(highest, Long.parseLong(matcher.group(1)));
            }
        }
        return highest;
    }

    /**
     * A quoted LIKE pattern of {@code text} then {@code wildcard}. MLflow's filter syntax has no escapes, so quotes
     * and backslashes become {@code _}, which matches them: LIKE's wildcards only widen the search, and the names
     * found are compared exactly.
     */
    private static String like(String text, String wildcard) {
        return "'" + text.replace('\\', '_').replace('\'', '_').replace('"', '_') + wildcard + "'";
    }
}
