package dev.nabla.verify;

import dev.nabla.ir.Dim;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Fn;
import dev.nabla.ir.Graph;
import dev.nabla.ir.Index;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Position;
import dev.nabla.ir.Tensor;
import org.apache.commons.math3.fraction.BigFraction;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Each kind of {@link Explanation} on its own, on claims built directly. */
class ExplanationKindsTest {
    private final Dim d = new Dim("d");
    private final Dim q = new Dim("q");
    private final Index i = new Index("i", d);
    private final Index j = new Index("j", d);
    private final Index k = new Index("k", q);
    private final Tensor x = new Tensor("x", List.of(d), Tensor.Kind.INPUT);
    private final Tensor u = new Tensor("u", List.of(q), Tensor.Kind.PARAM);
    private final Tensor m = new Tensor("M", List.of(d, d), Tensor.Kind.PARAM);
    private final Tensor c = new Tensor("c", List.of(), Tensor.Kind.CONST);
    private final Graph graph = new Graph();
    private final RandomChecker checker;
    private final Explanation explanation;

    ExplanationKindsTest() {
        for (Tensor t : List.of(x, u, m, c)) {
            graph.addLeaf(t);
        }
        checker = new RandomChecker(graph, Map.of(), Map.of(), Map.of(d, 1), RandomChecker.Settings.defaults(7));
        explanation = new Explanation(new CanonicalForm(graph), checker, 100);
    }

    private Expr x(Index at) {
        return Ir.access(x, at);
    }

    private static Explanation.Claim claim(Expr lhs, Expr rhs, Index... free) {
        return new Explanation.Claim(lhs, rhs, List.of(free), List.of(), lhs, rhs);
    }

    private static Optional<String> text(Optional<Explanation.Found> found) {
        return found.map(Explanation.Found::text);
    }

    private Counterexample counterexample(Explanation.Claim claim) {
        Outcome o = checker.check(claim.lhs(), claim.rhs(), claim.free(), claim.guards(), claim.asWritten());
        return assertInstanceOf(Outcome.Refuted.class, o).counterexample();
    }

    /** M[i, j] * x[j] summed over j: the linear map. */
    private Expr linear() {
        return Ir.sum(j, Ir.mul(Ir.access(m, i, j), x(j)));
    }

    @Test
    void aLostSignIsAFactorOfMinusOne() {
        Explanation.Claim lost = claim(linear(), Ir.neg(linear()), i);
        assertEquals(Optional.of("differs by a factor -1"), text(explanation.factor(lost, null)));
        assertEquals(Optional.of("differs by a factor -1"), text(explanation.of(lost, counterexample(lost))));
    }

    @Test
    void anotherSmallFactorSaysWhichSideItMultiplies() {
        Explanation.Claim half = claim(linear(), Ir.mul(Ir.constant(new BigFraction(1, 2)), linear()), i);
        assertEquals(Optional.of("differs by a factor 2 (lhs = 2 * rhs)"), text(explanation.factor(half, null)));
    }

    @Test
    void aLargeFactorIsNotNamed() {
        Explanation.Claim large = claim(Ir.mul(Ir.constant(101), linear()), linear(), i);
        assertEquals(Optional.empty(), text(explanation.factor(large, null)));
    }

    /** -abs(x) == sqrt(x^2): no canonical form proves it, so the random checker decides the factor. */
    @Test
    void aFactorTheCanonicalFormCannotSeeIsFoundAtTheCounterexample() {
        Explanation.Claim claim = claim(Ir.neg(Ir.call(Fn.ABS, x(i))), Ir.call(Fn.SQRT, Ir.pow(x(i), 2)), i);
        assertEquals(Optional.empty(), text(explanation.factor(claim, null)));
        assertEquals(Optional.of("differs by a factor -1"), text(explanation.factor(claim, counterexample(claim))));
    }

    @Test
    void twoFreeIndicesOfOneRangeSwapped() {
        Explanation.Claim swapped = claim(Ir.mul(Ir.access(m, i, j), x(i)), Ir.mul(Ir.access(m, j, i), x(j)), i, j);
        assertEquals(Optional.of("the indices i and j are swapped"), text(explanation.swap(swapped)));
    }

    @Test
    void indicesOfDifferentRangesAreNeverSwapped() {
        Explanation.Claim claim = claim(Ir.mul(x(i), Ir.access(u, k)), Ir.mul(x(i), Ir.access(u, k), Ir.constant(2)),
                i, k);
        assertEquals(Optional.empty(), text(explanation.swap(claim)));
    }

    @Test
    void aMissingTermIsNamedWithItsCommonFactorsTakenOut() {
        // 2 x[i] - 2 c x[i] + M[i, i] == M[i, i]
        Expr penalty = Ir.mul(Ir.constant(2), Ir.sub(Ir.ONE, Ir.access(c)), x(i));
        Explanation.Claim missing = claim(Ir.add(penalty, Ir.access(m, i, i)), Ir.access(m, i, i), i);
        assertEquals(Optional.of("differs by the term 2 * (1 - c) * x[i] (lhs - rhs)"),
                text(explanation.term(missing)));
    }

    /** The canonical form's bound index names are not the language's: the term gets readable ones. */
    @Test
    void aTermsBoundIndicesGetReadableNamesApartFromItsFreeOnes() {
        Expr uk = Ir.access(u, k);
        Explanation.Claim claim = claim(Ir.add(uk, Ir.mul(uk, Ir.sum(j, x(j)))), uk, k);
        assertEquals(Optional.of("differs by the term u[k] * sum(k2, x[k2]) (lhs - rhs)"),
                text(explanation.term(claim)));
    }

    @Test
    void termsWithoutACommonFactorAreNoTerm() {
        Explanation.Claim claim = claim(Ir.add(x(i), Ir.access(c), Ir.access(m, i, i)), Ir.access(m, i, i), i);
        assertEquals(Optional.empty(), text(explanation.term(claim)));
    }

    @Test
    void commonFactorsComeOutWithTheirSmallestPower() {
        Expr a = Ir.access(x, new Position(1));
        Expr b = Ir.access(c);
        // 3 a^2 b + 6 a b^2 = 3 a b (a + 2 b)
        Expr sum = Ir.add(Ir.mul(Ir.constant(3), Ir.pow(a, 2), b), Ir.mul(Ir.constant(6), a, Ir.pow(b, 2)));
        Expr product = Explanation.asProduct(sum).orElseThrow();
        assertEquals("3 * c * (2 * c + x[1]) * x[1]", product.toString());
        assertEquals(Optional.of(a), Explanation.asProduct(a));
    }

    @Test
    void aClaimTrueAtOneSizeOnlyHoldsOnlyWhenThatDimIsOne() {
        Explanation.Claim first = claim(Ir.add(Ir.sum(i, x(i)), Ir.sum(k, Ir.access(u, k))),
                Ir.add(Ir.access(x, new Position(1)), Ir.sum(k, Ir.access(u, k))));
        assertEquals(Optional.of("holds only when d = 1"), text(explanation.onlyWhenOne(first, counterexample(first))));
    }

    /** (d − 1)(d − 2)(1 + x1²) == 0 holds at d = 1 and at d = 2 (found in review): not "only when d = 1". */
    @Test
    void aClaimThatAlsoHoldsAtASecondSizeIsNotOnly() {
        Expr size = Ir.dimSize(d);
        Expr l = Ir.mul(Ir.sub(size, Ir.ONE), Ir.sub(size, Ir.constant(2)),
                Ir.add(Ir.ONE, Ir.pow(Ir.access(x, new Position(1)), 2)));
        Explanation.Claim twice = claim(l, Ir.ZERO);
        assertEquals(Optional.empty(), text(explanation.onlyWhenOne(twice, counterexample(twice))));
    }

    /** (Σx − x1)(Σu − u1) == 0 holds when d = 1 and when q = 1: neither is "only". */
    @Test
    void twoDimsThatEachMakeItHoldAreNotOnly() {
        Expr l = Ir.mul(Ir.sub(Ir.sum(i, x(i)), Ir.access(x, new Position(1))),
                Ir.sub(Ir.sum(k, Ir.access(u, k)), Ir.access(u, new Position(1))));
        Explanation.Claim both = claim(l, Ir.ZERO);
        assertEquals(Optional.empty(), text(explanation.onlyWhenOne(both, counterexample(both))));
    }

    @Test
    void smallFractionsNearARatio() {
        assertEquals(Optional.of(new BigFraction(-1)), Explanation.small(-1.0000000000001));
        assertEquals(Optional.of(new BigFraction(2, 3)), Explanation.small(2.0 / 3));
        assertEquals(Optional.empty(), Explanation.small(Math.PI));
        assertEquals(Optional.empty(), Explanation.small(Double.NaN));
    }
}
