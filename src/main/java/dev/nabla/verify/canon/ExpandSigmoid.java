package dev.nabla.verify.canon;

import dev.nabla.ir.Fn;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Ir;

import java.util.Optional;

/** {@code sigmoid(u) -> (1 + exp(-u))^-1}: both defined everywhere, and equal. */
public final class ExpandSigmoid extends CallRule {
    public ExpandSigmoid() {
        super(Fn.SIGMOID);
    }

    @Override
    Optional<Expr> rewrite(Expr u) {
        return Optional.of(Ir.pow(Ir.add(Ir.ONE, Ir.call(Fn.EXP, Ir.neg(u))), -1));
    }
}
