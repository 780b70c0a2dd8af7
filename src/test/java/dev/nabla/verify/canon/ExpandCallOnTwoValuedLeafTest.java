package dev.nabla.verify.canon;

import dev.nabla.ir.Expr;
import dev.nabla.ir.Fn;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Tensor;
import org.apache.commons.math3.fraction.BigFraction;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.nabla.verify.canon.Exprs.I;
import static dev.nabla.verify.canon.Exprs.call;
import static dev.nabla.verify.canon.Exprs.s;
import static dev.nabla.verify.canon.Exprs.u;
import static dev.nabla.verify.canon.TwoValuedLeaves.BITS;
import static dev.nabla.verify.canon.TwoValuedLeaves.SIGNS;
import static dev.nabla.verify.canon.TwoValuedLeaves.k;
import static dev.nabla.verify.canon.TwoValuedLeaves.v;
import static dev.nabla.verify.canon.TwoValuedLeaves.w;
import static dev.nabla.verify.canon.TwoValuedLeaves.y;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ExpandCallOnTwoValuedLeafTest {
    private static final Tensor Q = new Tensor("q", List.of(), Tensor.Kind.DEFINED);
    private final ExpandCallOnTwoValuedLeaf rule = new ExpandCallOnTwoValuedLeaf(SIGNS, t -> t != Q);

    private static Expr half(Expr e) {
        return Ir.mul(Ir.constant(new BigFraction(1, 2)), e);
    }

    @Test
    void theLogOfALabelsLikelihoodSplitsOverTheLabel() {
        // log(y * s + (1 - y)) -> (1 - y) * log(1) + y * log(s) = y * log(s)
        Expr u = Ir.add(Ir.mul(y(), s()), Ir.sub(Ir.ONE, y()));
        assertEquals(Optional.of(Ir.mul(y(), call(Fn.LOG, s()))), rule.apply(call(Fn.LOG, u)));
    }

    @Test
    void anExpOfASignedValueIsWeightedByHalfOfOneMinusAndOnePlusIt() {
        // exp(u * v) -> -1/2 * (v - 1) * exp(-u) + 1/2 * (v + 1) * exp(u)
        Expr expected = Ir.add(Ir.mul(Ir.constant(new BigFraction(-1, 2)), Ir.sub(v(), Ir.ONE), call(Fn.EXP, Ir.neg(u()))),
                Ir.mul(half(Ir.add(v(), Ir.ONE)), call(Fn.EXP, u())));
        assertEquals(Optional.of(expected), rule.apply(call(Fn.EXP, Ir.mul(u(), v()))));
    }

    @Test
    void anyTwoValuesWeighTheirBranches() {
        // sin(k) for k in {2, 5} -> -1/3 * (k - 5) * sin(2) + 1/3 * (k - 2) * sin(5)
        Expr expected = Ir.add(Ir.mul(Ir.constant(new BigFraction(-1, 3)), Ir.sub(k(), Ir.constant(5)), call(Fn.SIN, Ir.constant(2))),
                Ir.mul(Ir.constant(new BigFraction(1, 3)), Ir.sub(k(), Ir.constant(2)), call(Fn.SIN, Ir.constant(5))));
        assertEquals(Optional.of(expected), rule.apply(call(Fn.SIN, k())));
    }

    @Test
    void oneLeafIsExpandedAtATime() {
        // exp(u * v * w): the branches exp(-u * w) and exp(u * w) still mention w
        Expr e = rule.apply(call(Fn.EXP, Ir.mul(u(), v(), w()))).orElseThrow();
        assertEquals(true, dev.nabla.ir.Children.reachable(e).contains(call(Fn.EXP, Ir.mul(u(), w()))), e::toString);
    }

    @Test
    void aBranchThatMayBeUndefinedStopsTheExpansion() {
        // log(y * s) at y = 0 is log(0); log(y * u + 1) at y = 1 is log(u + 1), perhaps of a negative
        assertEquals(Optional.empty(), rule.apply(call(Fn.LOG, Ir.mul(y(), s()))));
        assertEquals(Optional.empty(), rule.apply(call(Fn.LOG, Ir.add(Ir.mul(y(), u()), Ir.ONE))));
        // a reciprocal of y * u + 1: 1/(u + 1) may divide by 0
        assertEquals(Optional.empty(), rule.apply(call(Fn.EXP, Ir.pow(Ir.add(Ir.mul(y(), u()), Ir.ONE), -1))));
        // a definition kept an atom may be undefined anywhere
        assertEquals(Optional.empty(), rule.apply(call(Fn.EXP, Ir.mul(y(), Ir.access(Q)))));
    }

    @Test
    void anAccessUnderASumOverItsIndexIsNotOneElement() {
        assertEquals(Optional.empty(), rule.apply(call(Fn.EXP, Ir.sum(I, Ir.access(BITS, I)))));
        assertEquals(Optional.empty(), rule.apply(call(Fn.EXP, u())));
    }

    @Test
    void aCallOfMoreThanThreeSuchLeavesStaysWhole() {
        Expr four = Ir.mul(y(), v(), w(), k());
        assertEquals(Optional.empty(), rule.apply(call(Fn.EXP, four)));
    }
}
