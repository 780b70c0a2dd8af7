package dev.nabla.verify;

import dev.nabla.ir.Definition;
import dev.nabla.ir.Dim;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Fn;
import dev.nabla.ir.Graph;
import dev.nabla.ir.Index;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Position;
import dev.nabla.ir.Tensor;
import dev.nabla.sema.ValueDomain;
import org.apache.commons.math3.fraction.BigFraction;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomCheckerTest {
    private final Dim d = new Dim("d");
    private final Dim q = new Dim("q");
    private final Index i = new Index("i", d);
    private final Index j = new Index("j", d);
    private final Index k = new Index("k", q);
    private final Tensor x = new Tensor("x", List.of(d), Tensor.Kind.INPUT);
    private final Tensor y = new Tensor("y", List.of(d), Tensor.Kind.INPUT);
    private final Tensor m = new Tensor("M", List.of(d, d), Tensor.Kind.PARAM);
    private final Tensor u = new Tensor("u", List.of(q), Tensor.Kind.PARAM);
    private final Tensor lambda = new Tensor("lambda", List.of(), Tensor.Kind.CONST);
    private final Graph graph = new Graph();

    RandomCheckerTest() {
        for (Tensor t : List.of(x, y, m, u, lambda)) {
            graph.addLeaf(t);
        }
    }

    private RandomChecker checker(Map<Tensor, ValueDomain> domains, Map<Dim, Integer> minSizes) {
        return new RandomChecker(graph, domains, Map.of(lambda, new BigFraction(9, 10)), minSizes, RandomChecker.Settings.defaults(42));
    }

    private RandomChecker checker() {
        return checker(Map.of(), Map.of());
    }

    private Expr x(Index at) {
        return Ir.access(x, at);
    }

    @Test
    void aTrueIdentityAgreesOnEverySample() {
        // sum(i, (x[i] + 1)^2) == sum(i, x[i]^2) + 2 sum(i, x[i]) + d
        Expr lhs = Ir.sum(i, Ir.pow(Ir.add(x(i), Ir.ONE), 2));
        Expr rhs = Ir.add(Ir.sum(i, Ir.pow(x(i), 2)), Ir.mul(Ir.constant(2), Ir.sum(i, x(i))), Ir.dimSize(d));
        Outcome.Agreed agreed = assertInstanceOf(Outcome.Agreed.class, checker().check(lhs, rhs, List.of()));
        assertEquals(100, agreed.samples());
        assertEquals(0, agreed.skipped());
        assertTrue(agreed.largestRelativeError() < 1e-12, () -> "" + agreed.largestRelativeError());
    }

    @Test
    void linearityOfSumsAgreesWithFreeIndices() {
        // sum(i, 2 x[i] + lambda M[i, j]) == 2 sum(i, x[i]) + 0.9 sum(i, M[i, j]), lambda fixed at 0.9
        Expr lhs = Ir.sum(i, Ir.add(Ir.mul(Ir.constant(2), x(i)), Ir.mul(Ir.access(lambda), Ir.access(m, i, j))));
        Expr rhs = Ir.add(Ir.mul(Ir.constant(2), Ir.sum(i, x(i))),
                Ir.mul(Ir.constant(new BigFraction(9, 10)), Ir.sum(i, Ir.access(m, i, j))));
        assertInstanceOf(Outcome.Agreed.class, checker().check(lhs, rhs, List.of(j)));
    }

    @Test
    void oneProductPartInTenMillionIsRefuted() {
        Expr lhs = Ir.mul(Ir.constant(new BigFraction(10_000_001, 10_000_000)), x(i));
        Outcome.Refuted refuted = assertInstanceOf(Outcome.Refuted.class, checker().check(lhs, x(i), List.of(i)));
        Counterexample c = refuted.counterexample();
        assertEquals(Map.of(d, 1), c.sizes());
        assertArrayEquals(new double[] {1}, c.values().get(x));
        assertEquals("dim d = 1\nx = [1]\nat i = 1: lhs = 1.0000001, rhs = 1", dev.nabla.api.Counterexample.of(c).render());
    }

    @Test
    void cancellationInATrueClaimIsNotARefutation() {
        // s[i] = 1e10 + x[i]; s[i] - 1e10 == x[i] holds over the reals but loses x's low digits
        Graph g = new Graph();
        g.addLeaf(x);
        Tensor s = new Tensor("s", List.of(d), Tensor.Kind.DEFINED);
        Expr big = Ir.constant(10_000_000_000L);
        g.define(new Definition(s, List.of(i), Ir.add(big, x(i))));
        RandomChecker c = new RandomChecker(g, Map.of(), Map.of(), Map.of(), RandomChecker.Settings.defaults(7));
        Outcome.Agreed agreed = assertInstanceOf(Outcome.Agreed.class,
                c.check(Ir.sub(Ir.access(s, i), big), x(i), List.of(i)));
        // double precision lost x's low digits, so high precision decided, and its figure is what counts
        assertEquals(100, agreed.samples());
        assertTrue(agreed.largestRelativeError() < 1e-20, () -> "" + agreed.largestRelativeError());
    }

    @Test
    void samplesWhereASideIsNotFiniteAreSkippedAndCounted() {
        Expr log = Ir.call(Fn.LOG, x(i));
        Outcome.Agreed agreed = assertInstanceOf(Outcome.Agreed.class, checker(Map.of(x,
                ValueDomain.interval(-1, true, 1, true)), Map.of()).check(log, log, List.of(i)));
        assertTrue(agreed.skipped() > 0);
        assertEquals(100, agreed.samples() + agreed.skipped());
    }

    @Test
    void aClaimThatIsNeverFiniteIsUndecided() {
        Expr log = Ir.call(Fn.LOG, x(i));
        Outcome.Undecided undecided = assertInstanceOf(Outcome.Undecided.class, checker(Map.of(x,
                ValueDomain.interval(Double.NEGATIVE_INFINITY, false, 0, false)), Map.of()).check(log, log, List.of(i)));
        assertEquals(100, undecided.skipped());
    }

    @Test
    void aFalseClaimShrinksToTheSmallestSizeAndSimplestValues() {
        // sum(i, x[i]) == x[1]: holds at d = 1 only
        Outcome.Refuted refuted = assertInstanceOf(Outcome.Refuted.class,
                checker(Map.of(), Map.of(d, 1)).check(Ir.sum(i, x(i)), Ir.access(x, new Position(1)), List.of()));
        Counterexample c = refuted.counterexample();
        assertEquals(Map.of(d, 2), c.sizes());
        assertArrayEquals(new double[] {0, 1}, c.values().get(x));
        assertEquals(1, c.lhs());
        assertEquals(0, c.rhs());
        assertEquals("dim d = 2\nx = [0, 1]\nlhs = 1, rhs = 0", dev.nabla.api.Counterexample.of(c).render());
    }

    @Test
    void aFreeIndexThatOnlyBroadcastsIsShrunkAndReported() {
        Outcome.Refuted refuted = assertInstanceOf(Outcome.Refuted.class,
                checker(Map.of(), Map.of(d, 1)).check(Ir.sum(i, x(i)), Ir.access(x, new Position(1)), List.of(k)));
        assertEquals(Map.of(d, 2, q, 1), refuted.counterexample().sizes());
        assertEquals(Map.of(k, 1), refuted.counterexample().at());
    }

    @Test
    void aSwappedIndexIsRefutedOverTwoDims() {
        // sum(i, M[i, j]) * u[k] == sum(i, M[j, i]) * u[k]: column sums are not row sums
        Expr lhs = Ir.mul(Ir.sum(i, Ir.access(m, i, j)), Ir.access(u, k));
        Expr rhs = Ir.mul(Ir.sum(i, Ir.access(m, j, i)), Ir.access(u, k));
        Outcome.Refuted refuted = assertInstanceOf(Outcome.Refuted.class, checker().check(lhs, rhs, List.of(j, k)));
        Counterexample c = refuted.counterexample();
        assertEquals(Map.of(d, 2, q, 1), c.sizes());
        assertArrayEquals(new double[] {1}, c.values().get(u));
        assertArrayEquals(new double[] {0, 0, 1, 0}, c.values().get(m));
        assertEquals("dim d = 2, q = 1\nM = [[0, 0], [1, 0]]\nu = [1]\nat j = 1, k = 1: lhs = 1, rhs = 0",
                dev.nabla.api.Counterexample.of(c).render());
    }

    @Test
    void fixedConstantsKeepTheirValueAndAreReportedAsComments() {
        // lambda * x[i] == x[i] is false at lambda = 0.9
        Outcome.Refuted refuted = assertInstanceOf(Outcome.Refuted.class,
                checker().check(Ir.mul(Ir.access(lambda), x(i)), x(i), List.of(i)));
        Counterexample c = refuted.counterexample();
        assertEquals(Map.of(lambda, 0.9), c.constants());
        assertEquals("dim d = 1\nx = [1]\n# lambda = 0.9 (fixed by its declaration)\nat i = 1: lhs = 0.9, rhs = 1",
                dev.nabla.api.Counterexample.of(c).render());
    }

    @Test
    void shrinkingRespectsTheDomain() {
        // x in [3, 4]: 0, 1, -1, 0.5, 2 are all outside, so values only get rounded
        Outcome.Refuted refuted = assertInstanceOf(Outcome.Refuted.class,
                checker(Map.of(x, ValueDomain.interval(3, true, 4, false)), Map.of())
                        .check(Ir.pow(x(i), 2), Ir.mul(Ir.constant(3), x(i)), List.of(i)));
        double shrunk = refuted.counterexample().values().get(x)[0];
        assertTrue(shrunk >= 3 && shrunk < 4, () -> "" + shrunk);
        assertEquals(shrunk, Math.round(shrunk * 10) / 10.0);
    }

    @Test
    void theSameSeedGivesTheSameOutcome() {
        Expr lhs = Ir.sum(i, Ir.mul(x(i), Ir.access(y, i)));
        Expr rhs = Ir.mul(Ir.sum(i, x(i)), Ir.sum(i, Ir.access(y, i)));
        RandomChecker.Settings few = new RandomChecker.Settings(10, 3, 5);
        RandomChecker a = new RandomChecker(graph, Map.of(), Map.of(), Map.of(), few);
        RandomChecker b = new RandomChecker(graph, Map.of(), Map.of(), Map.of(), few);
        assertEquals(a.check(lhs, rhs, List.of()).toString(), b.check(lhs, rhs, List.of()).toString());
    }
}
