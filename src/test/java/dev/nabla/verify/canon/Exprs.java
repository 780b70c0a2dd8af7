package dev.nabla.verify.canon;

import dev.nabla.ir.Dim;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Fn;
import dev.nabla.ir.Index;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Tensor;
import dev.nabla.sema.ValueDomain;

import java.util.List;
import java.util.Map;

/** The leaves the rule tests use: {@code u} of any sign, {@code s > 0}, {@code n < 0}, {@code x[d]}. */
final class Exprs {
    static final Dim D = new Dim("d");
    static final Index I = new Index("i", D);
    static final Tensor U = new Tensor("u", List.of(), Tensor.Kind.PARAM);
    static final Tensor S = new Tensor("s", List.of(), Tensor.Kind.PARAM);
    static final Tensor N = new Tensor("n", List.of(), Tensor.Kind.PARAM);
    static final Tensor X = new Tensor("x", List.of(D), Tensor.Kind.PARAM);
    static final Signs SIGNS = new Signs(Map.of(S, ValueDomain.interval(0, false, Double.POSITIVE_INFINITY, false),
            N, ValueDomain.interval(Double.NEGATIVE_INFINITY, false, 0, false)));

    private Exprs() {
    }

    static Expr u() {
        return Ir.access(U);
    }

    static Expr s() {
        return Ir.access(S);
    }

    static Expr n() {
        return Ir.access(N);
    }

    static Expr x() {
        return Ir.access(X, I);
    }

    static Expr call(Fn fn, Expr arg) {
        return Ir.call(fn, arg);
    }
}
