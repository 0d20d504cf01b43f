package dev.genlab.core.environment;

import java.nio.file.Path;
import java.util.Map;

/** Where datasets live when a spec names no directory: GENLAB_DATA_DIR, else the per-user cache. */
public final class DataRoot {
    private DataRoot() {
    }

    public static Path resolve(Map<String, String> environment) {
        String configured = environment.get("GENLAB_DATA_DIR");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        String cache = environment.get("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isBlank() ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("genlab").resolve("datasets");
    }
}
