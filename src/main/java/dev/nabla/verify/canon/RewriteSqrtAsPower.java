package dev.nabla.verify.canon;

import dev.nabla.ir.Expr;
import dev.nabla.ir.Fn;
import dev.nabla.ir.Ir;
import org.apache.commons.math3.fraction.BigFraction;

import java.util.Optional;

/**
 * {@code sqrt(u) -> u^(1/2)}: both defined exactly where u ≥ 0, and equal; powers then meet,
 * so that {@code sqrt(u)^2 = u} where it is defined.
 */
public final class RewriteSqrtAsPower extends CallRule {
    public RewriteSqrtAsPower() {
        super(Fn.SQRT);
    }

    @Override
    Optional<Expr> rewrite(Expr u) {
        return Optional.of(Ir.pow(u, Ir.constant(new BigFraction(1, 2))));
    }
}
