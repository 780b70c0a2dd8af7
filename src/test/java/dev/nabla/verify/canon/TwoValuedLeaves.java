package dev.nabla.verify.canon;

import dev.nabla.ir.Expr;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Tensor;
import dev.nabla.sema.ValueDomain;

import java.util.List;
import java.util.Map;

/** Leaves for the two-valued rules: {@code y in {0, 1}}, {@code v, w in {-1, 1}}, {@code k in {2, 5}}, {@code Y[d] in {0, 1}}. */
final class TwoValuedLeaves {
    static final Tensor BIT = new Tensor("y", List.of(), Tensor.Kind.INPUT);
    static final Tensor V = new Tensor("v", List.of(), Tensor.Kind.INPUT);
    static final Tensor W = new Tensor("w", List.of(), Tensor.Kind.INPUT);
    static final Tensor K = new Tensor("k", List.of(), Tensor.Kind.INPUT);
    static final Tensor BITS = new Tensor("Y", List.of(Exprs.D), Tensor.Kind.INPUT);
    static final Signs SIGNS = new Signs(Map.of(Exprs.S, ValueDomain.interval(0, false, Double.POSITIVE_INFINITY, false),
            BIT, ValueDomain.set(List.of(0.0, 1.0)), V, ValueDomain.set(List.of(-1.0, 1.0)),
            W, ValueDomain.set(List.of(1.0, -1.0)), K, ValueDomain.set(List.of(5.0, 2.0)),
            BITS, ValueDomain.set(List.of(0.0, 1.0))));

    private TwoValuedLeaves() {
    }

    static Expr y() {
        return Ir.access(BIT);
    }

    static Expr v() {
        return Ir.access(V);
    }

    static Expr w() {
        return Ir.access(W);
    }

    static Expr k() {
        return Ir.access(K);
    }
}
