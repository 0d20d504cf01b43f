package dev.genlab.core.run;

import dev.genlab.tracking.TrackingUri;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tags that say a run was made with {@code --set} overrides: {@value #TAG} lists them, and the run's
 * description in MLflow says so after the spec's own, so that a run made with {@code model.hiddenSizes=[64]} is
 * not described as the spec's 784-32-784 network without a word.
 */
final class OverrideTags {
    static final String TAG = "genlab.overrides";
    static final String NOTE_TAG = "mlflow.note.content";

    private OverrideTags() {
    }

    /** The description tag alone when there are no overrides (and nothing without a description either). */
    static Map<String, String> of(Optional<String> description, List<String> overrides) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (overrides.isEmpty()) {
            description.ifPresent(text -> tags.put(NOTE_TAG, text));
            return tags;
        }
        // a tracking.uri override may hold a user and password, which are stored nowhere
        String listed = String.join("; ", overrides.stream().map(String::strip).map(TrackingUri::hideUserInfo).toList());
        tags.put(TAG, listed);
        tags.put(NOTE_TAG, description.map(text -> text.strip() + " (overrides: " + listed + ")")
                .orElse("Overrides: " + listed));
        return tags;
    }
}
