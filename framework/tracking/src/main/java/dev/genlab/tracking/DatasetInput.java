package dev.genlab.tracking;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genlab.api.Dataset;
import java.util.Locale;

/**
 * A dataset as an input of a run, in the form of Python's {@code mlflow.log_input(mlflow.data.from_numpy(...))}:
 * {@code source}, {@code schema} and {@code profile} are JSON texts, the schema an MLflow tensor spec, so that the
 * MLflow UI shows it in the run's Datasets section like one logged from Python.
 *
 * @param context what the run used it for ({@code mlflow.data.context}), such as {@code training}
 */
public record DatasetInput(String name, String digest, String sourceType, String source, String schema,
        String profile, String context) {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String CONTEXT_TAG = "mlflow.data.context";
    /** MLflow's {@code MAX_DATASET_DIGEST_SIZE}. */
    static final int MAX_DIGEST_LENGTH = 36;

    public DatasetInput {
        requireNonNull(name, "name is null");
        requireNonNull(digest, "digest is null");
        requireNonNull(sourceType, "sourceType is null");
        requireNonNull(source, "source is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(profile, "profile is null");
        requireNonNull(context, "context is null");
        if (digest.length() > MAX_DIGEST_LENGTH) {
            digest = digest.substring(0, MAX_DIGEST_LENGTH);
        }
    }

    /**
     * The training split of {@code data}: float32 images of {@code pixels} values and int32 labels. The source
     * is a URL ({@code http}), a directory ({@code local}) or, for data made by code, a description ({@code code}).
     */
    public static DatasetInput of(Dataset data) {
        requireNonNull(data, "data is null");
        int pixels = data.shape().pixels();
        int train = data.train().size();
        ObjectNode profile = JSON.createObjectNode();
        profile.putArray("features_shape").add(train).add(pixels);
        profile.put("features_size", (long) train * pixels);
        profile.put("features_nbytes", (long) train * pixels * Float.BYTES);
        profile.putArray("targets_shape").add(train);
        profile.put("targets_size", train);
        profile.put("targets_nbytes", (long) train * Integer.BYTES);
        profile.put("test_rows", data.test().size());
        profile.put("image_shape", data.shape().toString());
        profile.put("classes", data.numClasses());
        return new DatasetInput(data.name(), data.digest(), sourceType(data.source()), source(data.source()),
                schema(pixels), json(profile), "training");
    }

    private static String sourceType(String source) {
        String lower = source.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return "http";
        }
        return looksLikePath(source) ? "local" : "code";
    }

    private static String source(String source) {
        ObjectNode node = JSON.createObjectNode();
        switch (sourceType(source)) {
            case "http" -> node.put("url", source);
            case "local" -> node.put("uri", source);
            default -> node.putObject("tags").put("genlab.source", source);
        }
        return json(node);
    }

    /** MLflow's {@code TensorDatasetSchema}: the specs are themselves JSON texts inside the JSON, as in Python. */
    private static String schema(int pixels) {
        ObjectNode spec = JSON.createObjectNode();
        ObjectNode tensors = spec.putObject("mlflow_tensorspec");
        tensors.put("features", "[{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"float32\", \"shape\": [-1, "
                + pixels + "]}}]");
        tensors.put("targets", "[{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"int32\", \"shape\": [-1]}}]");
        return json(spec);
    }

    private static boolean looksLikePath(String source) {
        return source.startsWith("/") || source.startsWith(".") || source.startsWith("~")
                || source.contains("/") || source.contains("\\") || source.matches("^[A-Za-z]:.*");
    }

    private static String json(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
