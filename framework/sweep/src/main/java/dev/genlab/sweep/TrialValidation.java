package dev.genlab.sweep;

import dev.genlab.api.GenLabException;
import dev.genlab.core.spec.ExperimentConfig;
import dev.genlab.core.spec.SpecBinder;
import dev.genlab.core.spec.SpecDocument;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Binds every trial of a sweep (the spec with the sweep's {@code --set} and the trial's overrides) before any
 * runs, and reports all their problems at once, each naming the option or line of the sweep it came from.
 */
final class TrialValidation {
    private TrialValidation() {
    }

    /** The trials' configurations, in trial order; throws every problem of every trial together. */
    static List<ExperimentConfig> bindAll(SpecBinder binder, SpecDocument spec, List<String> baseOverrides,
            List<Trial> trials, List<String> earlierProblems) {
        Set<String> problems = new LinkedHashSet<>(earlierProblems);
        List<ExperimentConfig> configs = new ArrayList<>();
        for (Trial trial : trials) {
            List<String> overrides = new ArrayList<>(baseOverrides);
            overrides.addAll(trial.allOverrides());
            try {
                configs.add(binder.bind(spec, overrides));
            } catch (GenLabException e) {
                List<String> found = e.problems().isEmpty() ? List.of(e.getMessage()) : e.problems();
                for (String problem : found) {
                    problems.add(locate(problem, trial));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw invalid(spec.name(), List.copyOf(problems));
        }
        return configs;
    }

    /** The sweep's problems as one error: on one line when there is one. */
    static GenLabException invalid(String spec, List<String> problems) {
        if (problems.size() == 1) {
            return new GenLabException(GenLabException.Category.CONFIG, "Invalid sweep of " + spec + ": "
                    + problems.get(0));
        }
        return new GenLabException(GenLabException.Category.CONFIG, "Invalid sweep of " + spec + " ("
                + problems.size() + " problems):", problems, null);
    }

    /** The binder names a trial's override as {@code --set key=value}: name the sweep's option or line instead. */
    private static String locate(String problem, Trial trial) {
        List<String> overrides = trial.allOverrides();
        for (int i = 0; i < overrides.size(); i++) {
            String shown = "--set " + overrides.get(i);
            if (problem.contains(shown)) {
                return problem.replace(shown, trial.sources().get(i));
            }
        }
        return problem;
    }
}
