package dev.genlab.plugins.mnist;

import dev.genlab.api.GenLabException;
import dev.genlab.api.GenLabException.Category;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * The error for dataset files that are neither on disk nor downloadable: it says which files to put in which
 * directory and where to get them, since the user has to fetch them by hand.
 */
final class MissingFiles {
    private MissingFiles() {
    }

    /**
     * @param headline why the files are missing
     * @param sources the mirrors to suggest, first one first
     * @param problems what went wrong with each mirror, if anything was tried
     */
    static GenLabException error(String dataset, String headline, Path directory, List<DataFile> missing,
            List<URI> sources, List<String> problems) {
        String nl = System.lineSeparator();
        StringBuilder text = new StringBuilder(headline).append(nl)
                .append("Put these files into ").append(directory).append(':');
        for (DataFile file : missing) {
            text.append(nl).append("  ").append(file.name());
            if (!sources.isEmpty()) {
                text.append("  (").append(sources.get(0).resolve(file.name())).append(')');
            }
        }
        if (sources.size() > 1) {
            text.append(nl).append("Other mirrors: ")
                    .append(String.join(", ", sources.subList(1, sources.size()).stream().map(URI::toString).toList()));
        }
        text.append(nl).append("Or set the dataset's dataDir to a directory that holds them, or GENLAB_DATA_DIR to one")
                .append(" whose ").append(dataset).append("/ sub-directory holds them.");
        return new GenLabException(Category.DATA, text.toString(), problems, null);
    }
}
