package dev.nabla.verify.canon;

import dev.nabla.ir.Expr;
import dev.nabla.ir.Fn;
import dev.nabla.ir.Ir;

import java.util.Optional;

/** {@code tanh(u) -> (exp(2u) - 1) * (exp(2u) + 1)^-1}: the denominator is never 0. */
public final class ExpandTanh extends CallRule {
    public ExpandTanh() {
        super(Fn.TANH);
    }

    @Override
    Optional<Expr> rewrite(Expr u) {
        Expr e2u = Ir.call(Fn.EXP, Ir.mul(Ir.constant(2), u));
        return Optional.of(Ir.div(Ir.sub(e2u, Ir.ONE), Ir.add(e2u, Ir.ONE)));
    }
}
