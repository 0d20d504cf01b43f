package dev.genlab.plugins.mnist;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.GenLabException;
import dev.genlab.api.GenLabException.Category;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Fetches missing dataset files from a list of mirrors. Each file lands in a temporary file beside its target
 * and is moved into place only once its MD5 matches, so an interrupted or bad download never looks like data.
 */
final class Downloader {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Until the response headers arrive; a slow but live transfer may take longer than this. */
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);

    private final String dataset;
    private final List<URI> mirrors;
    private final Consumer<String> messages;
    private final HttpClient client;

    Downloader(String dataset, List<URI> mirrors, Consumer<String> messages) {
        this.dataset = requireNonNull(dataset, "dataset is null");
        this.mirrors = List.copyOf(mirrors);
        if (this.mirrors.isEmpty()) {
            throw new IllegalArgumentException("no mirrors to download from");
        }
        this.messages = requireNonNull(messages, "messages is null");
        this.client = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .proxy(ProxySelector.getDefault()) // honours -Dhttps.proxyHost for users behind a proxy
                .build();
    }

    /**
     * Downloads {@code files} into {@code directory}, each from the first mirror that delivers it.
     *
     * @throws GenLabException (DATA) when no mirror delivers a file, naming what to put where; or when a
     *     download does not match its MD5, which is not retried elsewhere, as the user should know of it
     */
    void download(Path directory, List<DataFile> files) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new GenLabException(Category.DATA, "Cannot create the " + dataset + " data directory " + directory
                    + ": " + e + ". Set the dataset's dataDir (or GENLAB_DATA_DIR) to a writable directory.", e);
        }
        for (int i = 0; i < files.size(); i++) {
            DataFile file = files.get(i);
            List<String> failures = new ArrayList<>();
            boolean done = false;
            for (URI mirror : mirrors) {
                try {
                    fetch(mirror, directory, file);
                    done = true;
                    break;
                } catch (IOException e) {
                    String failure = mirror.resolve(file.name()) + ": " + describe(e);
                    failures.add(failure);
                    messages.accept("Could not download " + failure);
                }
            }
            if (!done) {
                throw MissingFiles.error(dataset, "Cannot download " + dataset + ": no mirror delivered "
                        + file.name() + ".", directory, files.subList(i, files.size()), mirrors, failures);
            }
        }
    }

    /** Throws IOException for whatever makes trying the next mirror worthwhile. */
    private void fetch(URI mirror, Path directory, DataFile file) throws IOException {
        URI url = mirror.resolve(file.name());
        HttpRequest request = HttpRequest.newBuilder(url).timeout(RESPONSE_TIMEOUT).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GenLabException(Category.DATA, "Interrupted while downloading " + url, e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP status " + response.statusCode());
            }
            OptionalLong length = response.headers().firstValueAsLong("Content-Length");
            messages.accept("Downloading " + file.name() + " from " + mirror
                    + (length.isPresent() ? " (" + size(length.getAsLong()) + ")" : ""));
            Path part = temporaryFile(directory, file);
            try {
                MessageDigest md5 = md5();
                try (OutputStream out = Files.newOutputStream(part)) {
                    new DigestInputStream(body, md5).transferTo(out);
                }
                String actual = HexFormat.of().formatHex(md5.digest());
                if (!actual.equalsIgnoreCase(file.md5())) {
                    throw new GenLabException(Category.DATA, "Downloaded " + file.name() + " from " + url
                            + " does not match its checksum: MD5 " + actual + ", expected " + file.md5()
                            + ". The download was discarded; the mirror may serve a damaged or different file.");
                }
                moveIntoPlace(part, directory.resolve(file.name()));
            } finally {
                Files.deleteIfExists(part); // nothing left after a successful move; the bad bytes otherwise
            }
        }
    }

    private Path temporaryFile(Path directory, DataFile file) {
        try {
            return Files.createTempFile(directory, file.name() + ".", ".part");
        } catch (IOException e) {
            throw new GenLabException(Category.DATA, "Cannot write into " + directory + ": " + e
                    + ". Set the dataset's dataDir (or GENLAB_DATA_DIR) to a writable directory.", e);
        }
    }

    /** A local failure, so not worth trying the next mirror for. */
    private static void moveIntoPlace(Path part, Path target) {
        try {
            try {
                // atomic, so a concurrent run never reads half a file
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new GenLabException(Category.DATA, "Cannot move the download " + part + " to " + target + ": " + e,
                    e);
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }

    /**
     * A short reason for a failed attempt. The HTTP client reports refused connections and unknown hosts
     * (the usual signs of being offline) as exceptions without any message, so those are named here.
     */
    private static String describe(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "unknown host (no network?)";
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && !message.isBlank()) {
                return t.getClass() == IOException.class ? message : t.getClass().getSimpleName() + ": " + message;
            }
        }
        return e instanceof ConnectException ? "cannot connect (refused, or no network)" : e.getClass().getSimpleName();
    }

    static String size(long bytes) {
        if (bytes >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }
        return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
    }
}
