package dev.genlab.core.spec;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The address of an MLflow tracking server as GenLab sends to it, checked when the spec is validated: http or
 * https, a host, a port from 1 to 65535, nothing after the path. User information ({@code user:password@}) may
 * be given, but it is a secret: it is taken apart from the address and never written anywhere.
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
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return Optional.of("'" + shown + "' ends in a query or fragment (after ? or #), which MLflow addresses"
                    + " do not have; " + EXPECTED);
        }
        return Optional.empty();
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

    /** {@code text} with the user information of any address in it hidden, for messages. */
    public static String redact(String text) {
        return USER_INFO.matcher(text).replaceAll("***@");
    }
}
