package dev.genlab.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ClassCoverageTest {
    @Test
    void uniformSamplesCoverEveryClass() {
        int[] labels = new int[100];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 10;
        }
        ClassCoverage coverage = ClassCoverage.of(labels, 10);
        assertThat(coverage.covered()).isEqualTo(10);
        assertThat(coverage.entropy()).isCloseTo(1, within(1e-12));
        assertThat(coverage.shares()).containsOnly(0.1);
    }

    @Test
    void aCollapsedModelCoversOneClass() {
        ClassCoverage coverage = ClassCoverage.of(new int[] {3, 3, 3, 3}, 10);
        assertThat(coverage.covered()).isEqualTo(1);
        assertThat(coverage.entropy()).isZero();
        assertThat(coverage.shares()[3]).isEqualTo(1);
    }

    @Test
    void twoEvenClassesOfFour() {
        ClassCoverage coverage = ClassCoverage.of(new int[] {0, 1, 0, 1}, 4);
        assertThat(coverage.covered()).isEqualTo(2);
        // ln 2 / ln 4
        assertThat(coverage.entropy()).isCloseTo(0.5, within(1e-12));
    }
}
