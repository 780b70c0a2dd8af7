package dev.nabla.verify.canon;

import dev.nabla.ir.Expr;
import dev.nabla.ir.Fn;
import dev.nabla.ir.Ir;
import org.apache.commons.math3.fraction.BigFraction;

import java.util.Optional;

/**
 * {@code exp(c * t) -> exp(t)^c} for a number c other than 1 ({@code exp(-u) = 1/exp(u)},
 * {@code exp(2u) = exp(u)^2}, {@code exp(3) = exp(1)^3}): so that an exp's argument has
 * coefficient 1. exp(t) is positive, so every real power of it is defined.
 */
public final class PullCoefficientOutOfExp extends CallRule {
    public PullCoefficientOutOfExp() {
        super(Fn.EXP);
    }

    @Override
    Optional<Expr> rewrite(Expr u) {
        BigFraction c = Ir.coefficientOf(u);
        if (c.equals(BigFraction.ONE) || c.equals(BigFraction.ZERO)) {
            return Optional.empty();
        }
        return Optional.of(Ir.pow(Ir.call(Fn.EXP, Ir.withoutCoefficient(u)), Ir.constant(c)));
    }
}
