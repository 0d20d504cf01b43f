package dev.genlab.plugins.mnist;

import dev.genlab.api.GenLabException;
import dev.genlab.api.GenLabException.Category;
import dev.genlab.api.Problem;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/** Turns the {@code mirrors} parameter into base URLs that file names resolve against. */
final class Mirrors {
    private Mirrors() {
    }

    /** All problems are reported together, each with the index of the offending entry. */
    static List<URI> parse(List<String> mirrors) {
        List<Problem> problems = new ArrayList<>();
        List<URI> uris = parse(mirrors, problems);
        if (!problems.isEmpty()) {
            throw new GenLabException(Category.CONFIG, "Invalid dataset.mirrors",
                    problems.stream().map(problem -> "dataset." + problem).toList(), null);
        }
        return uris;
    }

    /** The problems of the {@code mirrors} parameter, each against its entry {@code mirrors[i]}. */
    static List<Problem> problems(List<String> mirrors) {
        List<Problem> problems = new ArrayList<>();
        parse(mirrors, problems);
        return problems;
    }

    private static List<URI> parse(List<String> mirrors, List<Problem> problems) {
        List<URI> uris = new ArrayList<>();
        for (int i = 0; i < mirrors.size(); i++) {
            String text = mirrors.get(i);
            try {
                // without the trailing slash, resolving a file name would replace the last path segment
                URI uri = new URI(text.endsWith("/") ? text : text + "/");
                String scheme = uri.getScheme();
                if (uri.getHost() == null || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
                    problems.add(Problem.of("mirrors[" + i + "]", "'" + text + "' is not an http or https URL"));
                } else {
                    uris.add(uri);
                }
            } catch (URISyntaxException e) {
                problems.add(Problem.of("mirrors[" + i + "]", "'" + text + "' is not a URL (" + e.getReason() + ")"));
            }
        }
        return List.copyOf(uris);
    }
}
