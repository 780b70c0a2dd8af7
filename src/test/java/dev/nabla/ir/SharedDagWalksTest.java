package dev.nabla.ir;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The whole-graph walks of the IR visit a node shared under two sums once: on a graph of 200
 * such levels, a walk that followed every path would not end.
 */
class SharedDagWalksTest {
    private static final int DEPTH = 200;
    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final Dim D = SubstitutionTest.D;
    private static final Index I = new Index("i", D);
    private static final Index J = new Index("j", D);
    private static final Index K = new Index("k", D);
    private static final Tensor A = SubstitutionTest.A;
    private static final Tensor B = SubstitutionTest.B;

    private final Expr deep = SubstitutionTest.sharedUnderTwoSums(DEPTH, I, K);

    @Test
    void reachableListsEachNodeOnce() {
        // a level adds b[k] + x, its sigmoid and tanh, their two sums and the sum of those
        List<Expr> nodes = assertTimeoutPreemptively(BOUND, () -> Children.reachable(deep));
        assertEquals(5 * DEPTH + 3, nodes.size());
        assertEquals(nodes.size(), Set.copyOf(nodes).size());
    }

    @Test
    void freeIndicesAreKnownWithoutAWalk() {
        assertEquals(Set.of(I), assertTimeoutPreemptively(BOUND, deep::freeIndices));
    }

    @Test
    void aDefinitionAtAnAccessSubstitutesOnce() {
        Tensor t = new Tensor("t", List.of(D), Tensor.Kind.DEFINED);
        Definition d = new Definition(t, List.of(I), deep);
        assertSame(SubstitutionTest.sharedUnderTwoSums(DEPTH, J, K),
                assertTimeoutPreemptively(BOUND, () -> d.at(List.of(J))));
    }

    @Test
    void evaluationComputesEachNodeOnce() {
        Tensor t = new Tensor("t", List.of(D), Tensor.Kind.DEFINED);
        Graph g = new Graph();
        g.addLeaf(A);
        g.addLeaf(B);
        g.define(new Definition(t, List.of(I), deep));
        Instance at = new Instance(Map.of(D, 3), Map.of(A, new double[] {0.1, 0.2, 0.3}, B, new double[] {-1, 0, 1}));
        Evaluator.Value v = assertTimeoutPreemptively(BOUND,
                () -> new Evaluator(g, at).evaluate(Ir.sum(J, Ir.access(t, J)), List.of()));
        assertEquals(1, v.size());
        assertEquals(true, v.allFinite());
        assertEquals(Set.of(A, B), Dependencies.of(g, Ir.access(t, I)).leaves());
    }
}
