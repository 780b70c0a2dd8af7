package dev.nabla.simplify;

import dev.nabla.ir.Dim;
import dev.nabla.ir.Evaluator;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Fn;
import dev.nabla.ir.Graph;
import dev.nabla.ir.Index;
import dev.nabla.ir.Instance;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Position;
import dev.nabla.ir.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** {@code sum(i, delta(i, k) * f) -> f[i := k]}, one example per case the rule handles. */
class EliminateDeltaInSumTest {
    private final Dim d = new Dim("d");
    private final Dim q = new Dim("q");
    private final Index i = new Index("i", d);
    private final Index k = new Index("k", d);
    private final Index j = new Index("j", q);
    private final Tensor x = new Tensor("x", List.of(d), Tensor.Kind.PARAM);
    private final Tensor w = new Tensor("w", List.of(d, q), Tensor.Kind.PARAM);
    private final Tensor m = new Tensor("m", List.of(d, d), Tensor.Kind.PARAM);
    private final Tensor c = new Tensor("c", List.of(), Tensor.Kind.PARAM);
    private final EliminateDeltaInSum rule = new EliminateDeltaInSum();

    private Expr x(Object s) {
        return Ir.access(x, s instanceof Integer ? new Position((Integer) s) : (Index) s);
    }

    @Test
    void aDeltaOnTheBoundIndexSubstitutesItsPartner() {
        // sum(i, delta(i, k) * x[i]) -> x[k]
        assertEquals(Optional.of(x(k)), rule.apply(Ir.sum(i, Ir.mul(Ir.delta(i, k), x(i)))));
    }

    @Test
    void thePartnerMayStandOnEitherSideAndInAnySlot() {
        // sum(i, delta(k, i) * w[i, j]) -> w[k, j]
        Index a = new Index("a", d);
        assertEquals(Optional.of(Ir.access(w, a, j)), rule.apply(Ir.sum(i, Ir.mul(Ir.delta(a, i), Ir.access(w, i, j)))));
    }

    @Test
    void theSharedEliminationRenamesTheOtherFactorsInTheirOrder() {
        // the canonical form's terms: factors [x[i]^2, delta(i, k), w[i, j]] summed over i -> [x[k]^2, w[k, j]]
        Optional<List<Expr>> rest = EliminateDeltaInSum.eliminate(
                List.of(Ir.pow(x(i), 2), Ir.delta(i, k), Ir.access(w, i, j)), i);
        assertEquals(Optional.of(List.of(Ir.pow(x(k), 2), Ir.access(w, k, j))), rest);
        assertEquals(Optional.empty(), EliminateDeltaInSum.eliminate(List.of(x(i), Ir.delta(k, j)), i));
    }

    @Test
    void aPositionIsAPartnerToo() {
        // sum(i, delta(i, 1) * x[i]) -> x[1]
        assertEquals(Optional.of(x(1)), rule.apply(Ir.sum(i, Ir.mul(Ir.delta(i, new Position(1)), x(i)))));
    }

    @Test
    void aSumOfTermsIsSplitAndOnlyTermsWithTheDeltaLoseTheSum() {
        // sum(i, x[i] * (delta(i, k) + c)) -> x[k] + c * sum(i, x[i])
        Expr before = Ir.sum(i, Ir.mul(x(i), Ir.add(Ir.delta(i, k), Ir.access(c))));
        Expr after = Ir.add(x(k), Ir.mul(Ir.access(c), Ir.sum(i, x(i))));
        assertEquals(Optional.of(after), rule.apply(before));
    }

    @Test
    void substitutionRenamesAnInnerBinderInsteadOfCapturing() {
        // sum(i, delta(i, k) * sum(k, m[i, k])) -> sum(k2, m[k, k2])
        Expr before = Ir.sum(i, Ir.mul(Ir.delta(i, k), Ir.sum(k, Ir.access(m, i, k))));
        Expr after = rule.apply(before).orElseThrow();
        assertEquals("sum(k2, m[k, k2])", after.toString());
        Graph g = new Graph();
        g.addLeaf(m);
        Instance at = new Instance(Map.of(d, 2), Map.of()).withValues(m, 1, 2, 30, 40);
        assertArrayEquals(new double[] {3, 70}, new Evaluator(g, at).evaluate(after, List.of(k)).values());
    }

    @Test
    void doesNotApplyWithoutADeltaOnTheBoundIndexOutsideCalls() {
        assertEquals(Optional.empty(), rule.apply(Ir.sum(i, x(i))));
        assertEquals(Optional.empty(), rule.apply(Ir.sum(i, Ir.mul(x(i), Ir.call(Fn.EXP, Ir.delta(i, k))))));
        assertEquals(Optional.empty(), rule.apply(x(k)));
    }

    @Test
    void theSimplifierAppliesItToASumThatRebuildingMakes() {
        // sum(i, (sum(a, delta(i, a) * x[a]) - x[i] + c) * delta(i, k) * delta(i, a2)): the first
        // factor becomes c, the sum pulls it out, and the new sum(i, delta(i, k) * delta(i, a2))
        // must still lose its deltas
        Index a = new Index("a", d);
        Index a2 = new Index("a2", d);
        Expr first = Ir.add(Ir.sum(a, Ir.mul(Ir.delta(i, a), x(a))), Ir.neg(x(i)), Ir.access(c));
        Expr before = Ir.sum(i, Ir.mul(first, Ir.delta(i, k), Ir.delta(i, a2)));
        assertSame(Ir.mul(Ir.access(c), Ir.delta(k, a2)), Simplifier.simplify(before));
    }

    @Test
    void theSimplifierAppliesItBelowOtherNodes() {
        // exp(sum(i, delta(i, k) * x[i])) -> exp(x[k])
        Expr before = Ir.call(Fn.EXP, Ir.sum(i, Ir.mul(Ir.delta(i, k), x(i))));
        assertSame(Ir.call(Fn.EXP, x(k)), Simplifier.simplify(before));
    }
}
