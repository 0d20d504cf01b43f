package dev.genlab.tracking;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The address of an MLflow tracking server as GenLab sends to it, checked when the spec is validated: http or
 * https, a host, a port from 1 to 65535, and in a spec nothing after the path. User information
 * ({@code user:password@}) may be given, but it is a secret: it is taken apart from the address and never
 * written anywhere.
 */
public final class TrackingUri {
    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/?#@]*@");
    static final String EXPECTED = "expected http(s)://host:port, or 'none'";

    private TrackingUri() {
    }

    /**
     * Parses and checks {@code text}.
     *
     * @throws IllegalArgumentException with a message that says what is wrong and shows no secret
     */
    public static URI parse(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + redact(text) + "' is not a valid address (" + e.getReason()
                    .toLowerCase(Locale.ROOT) + " at column " + (e.getIndex() + 1) + "); " + EXPECTED);
        }
        problem(uri).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        return uri;
    }

    /** What makes {@code uri} unusable as a tracking server's address, if anything. */
    public static Optional<String> problem(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String shown = redact(uri.toString());
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("must be http(s)://host:port or 'none', got '" + shown + "'");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            String authority = uri.getRawAuthority() == null ? "" : USER_INFO.matcher("://" + uri.getRawAuthority())
                    .replaceFirst("").substring(3);
            return Optional.of(authority.isEmpty() ? "'" + shown + "' names no host; " + EXPECTED
                    : "'" + shown + "' has no valid host and port in '" + authority + "'; " + EXPECTED);
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            return Optional.of("port " + uri.getPort() + " in '" + shown + "' is out of range: a port is 1 to 65535");
        }
        return Optional.empty();
    }

    /**
     * What makes {@code uri} unfit for a spec, beyond {@link #problem}: a query or fragment, which the spec would
     * store with the run (a token in a query is a secret) and GenLab never sends.
     */
    public static Optional<String> specProblem(URI uri) {
        Optional<String> problem = problem(uri);
        if (problem.isEmpty() && (uri.getRawQuery() != null || uri.getRawFragment() != null)) {
            return Optional.of("'" + redact(uri.toString()) + "' ends in a query or fragment (after ? or #), which"
                    + " MLflow addresses do not have; " + EXPECTED);
        }
        return problem;
    }

    /** The user name and password of {@code uri}, decoded, if it holds both. */
    public static Optional<String[]> userAndPassword(URI uri) {
        String info = uri.getUserInfo();
        int colon = info == null ? -1 : info.indexOf(':');
        return colon < 0 ? Optional.empty() : Optional.of(new String[] {info.substring(0, colon), info.substring(colon + 1)});
    }

    /** {@code uri} without its user information: what may be stored, logged and shown. */
    public static URI withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri;
        }
        return URI.create(USER_INFO.matcher(uri.toString()).replaceFirst(""));
    }

    /** {@code text} with the user information of any address in it shown as {@code ***}: for stored text. */
    public static String hideUserInfo(String text) {
        return USER_INFO.matcher(text).replaceAll("***@");
    }

    /**
     * {@code text} with the user information of any address in it hidden, and, when {@code text} is one address, its
     * query and fragment (where tokens go): for messages.
     */
    public static String redact(String text) {
        String hidden = hideUserInfo(text);
        if (hidden.contains("://") && !hidden.strip().contains(" ")) {
            int cut = indexOfAny(hidden, '?', '#');
            if (cut >= 0) {
                return hidden.substring(0, cut + 1) + "...";
            }
        }
        return hidden;
    }

    private static int indexOfAny(String text, char first, char second) {
        int a = text.indexOf(first);
        int b = text.indexOf(second);
        return a < 0 ? b : b < 0 ? a : Math.min(a, b);
    }
}
