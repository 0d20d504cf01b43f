package dev.genlab.core.environment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The commit checked out in the git working tree holding a directory, read from {@code .git} itself (HEAD, loose
 * and packed refs, linked worktrees) so that no {@code git} program is needed.
 */
final class GitCommit {
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}([0-9a-f]{24})?");
    private static final String REF = "ref: ";

    private GitCommit() {
    }

    /** The commit of the working tree around {@code directory}; empty outside one or if it cannot be read. */
    static Optional<String> of(Path directory) {
        try {
            for (Path dir = directory.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
                Path dotGit = dir.resolve(".git");
                if (Files.isDirectory(dotGit)) {
                    return head(dotGit, dotGit);
                }
                if (Files.isRegularFile(dotGit)) {
                    // A linked worktree or submodule: ".git" names the real git directory.
                    String pointer = read(dotGit);
                    if (!pointer.startsWith("gitdir: ")) {
                        return Optional.empty();
                    }
                    Path gitDir = dir.resolve(pointer.substring("gitdir: ".length())).normalize();
                    Path commonFile = gitDir.resolve("commondir");
                    Path common = Files.isRegularFile(commonFile) ? gitDir.resolve(read(commonFile)).normalize() : gitDir;
                    return head(gitDir, common);
                }
            }
        } catch (IOException | RuntimeException e) {
            // A repository we cannot read is reported as none: the run must not fail over a tag.
        }
        return Optional.empty();
    }

    private static Optional<String> head(Path gitDir, Path commonDir) throws IOException {
        String head = read(gitDir.resolve("HEAD"));
        if (!head.startsWith(REF)) {
            return sha(head);
        }
        String ref = head.substring(REF.length()).strip();
        for (Path refs : new Path[] {gitDir, commonDir}) {
            Path loose = refs.resolve(ref);
            if (Files.isRegularFile(loose)) {
                return sha(read(loose));
            }
        }
        Path packed = commonDir.resolve("packed-refs");
        if (Files.isRegularFile(packed)) {
            for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
                String[] parts = line.strip().split(" ", 2);
                if (parts.length == 2 && parts[1].equals(ref)) {
                    return sha(parts[0]);
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> sha(String text) {
        String candidate = text.strip();
        return SHA.matcher(candidate).matches() ? Optional.of(candidate) : Optional.empty();
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
}
