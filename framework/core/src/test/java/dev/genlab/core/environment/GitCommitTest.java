package dev.genlab.core.environment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commit of a checkout, read from {@code .git} in each of the forms git leaves it. */
class GitCommitTest {
    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";
    private static final String OTHER = "fedcba9876543210fedcba9876543210fedcba98";

    @TempDir
    Path checkout;

    @Test
    void aBranchWithALooseRefFoundFromASubdirectory() throws IOException {
        write(".git/HEAD", "ref: refs/heads/main\n");
        write(".git/refs/heads/main", SHA + "\n");
        Path specs = Files.createDirectories(checkout.resolve("experiments/sub"));

        assertThat(GitCommit.of(specs)).contains(SHA);
    }

    @Test
    void aBranchOnlyInPackedRefs() throws IOException {
        write(".git/HEAD", "ref: refs/heads/feature/x\n");
        write(".git/packed-refs", "# pack-refs with: peeled fully-peeled sorted\n" + OTHER + " refs/heads/main\n"
                + SHA + " refs/heads/feature/x\n");

        assertThat(GitCommit.of(checkout)).contains(SHA);
    }

    @Test
    void aDetachedHead() throws IOException {
        write(".git/HEAD", SHA + "\n");

        assertThat(GitCommit.of(checkout)).contains(SHA);
    }

    @Test
    void aLinkedWorktreeWhoseRefsLiveInTheMainRepository() throws IOException {
        write("main/.git/refs/heads/topic", OTHER + "\n");
        write("main/.git/worktrees/wt/HEAD", "ref: refs/heads/topic\n");
        write("main/.git/worktrees/wt/commondir", "../..\n");
        write("wt/.git", "gitdir: ../main/.git/worktrees/wt\n");

        assertThat(GitCommit.of(checkout.resolve("wt"))).contains(OTHER);
    }

    @Test
    void nothingOutsideACheckoutOrForAnUnbornBranch() throws IOException {
        assertThat(GitCommit.of(checkout)).isEmpty();

        write(".git/HEAD", "ref: refs/heads/main\n");
        assertThat(GitCommit.of(checkout)).isEmpty();
    }

    private void write(String path, String content) throws IOException {
        Path file = checkout.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
