package dev.genlab.tracking.rest;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Checks and URL-encodes artifact paths, which are relative, {@code /}-separated and never leave the run. */
public final class ArtifactPaths {
    private static final Pattern WINDOWS_DRIVE = Pattern.compile("^[A-Za-z]:.*");
    private static final String UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

    private ArtifactPaths() {
    }

    /**
     * Returns {@code path} if it names a file inside the run's artifacts. Rejects what MLflow's server rejects
     * ({@code ..}, absolute paths, backslashes, {@code #}) here, where the caller can still fix it.
     */
    public static String requireSafe(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("Artifact path is empty");
        }
        if (path.startsWith("/") || WINDOWS_DRIVE.matcher(path).matches()) {
            throw new IllegalArgumentException("Artifact path '" + path + "' is absolute: use a path relative to the run, such as plots/loss.csv");
        }
        if (path.indexOf('\\') >= 0 || path.indexOf('#') >= 0) {
            throw new IllegalArgumentException("Artifact path '" + path + "' contains '\\' or '#': separate directories with '/'");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..")) {
                throw new IllegalArgumentException("Artifact path '" + path + "' contains '..': it must stay inside the run's artifacts");
            }
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("Artifact path '" + path + "' has an empty directory or file name");
            }
        }
        return path;
    }

    /** Percent-encodes everything but unreserved characters and {@code /}, as Python's {@code quote} does. */
    static String encode(String path) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c == '/' || (c < 128 && UNRESERVED.indexOf(c) >= 0)) {
                encoded.append(c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return encoded.toString();
    }
}
