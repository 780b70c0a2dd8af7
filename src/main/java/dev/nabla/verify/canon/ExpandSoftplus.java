package dev.nabla.verify.canon;

import dev.nabla.ir.Expr;
import dev.nabla.ir.Fn;
import dev.nabla.ir.Ir;

import java.util.Optional;

/** {@code softplus(u) -> log(1 + exp(u))}: both defined everywhere, and equal. */
public final class ExpandSoftplus extends CallRule {
    public ExpandSoftplus() {
        super(Fn.SOFTPLUS);
    }

    @Override
    Optional<Expr> rewrite(Expr u) {
        return Optional.of(Ir.call(Fn.LOG, Ir.add(Ir.ONE, Ir.call(Fn.EXP, u))));
    }
}
