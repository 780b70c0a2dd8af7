package dev.nabla.verify.canon;

import dev.nabla.ir.Expr;
import dev.nabla.ir.Ir;
import org.apache.commons.math3.fraction.BigFraction;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * {@code y^k -> y} for an integer {@code k >= 2} and a leaf y declared {@code in {0, 1}};
 * {@code y^k -> y^(k mod 2)} for any integer k and a leaf declared {@code in {-1, 1}}. Exact at
 * both values y takes (0^k = 0, 1^k = 1, (-1)^k = (-1)^(k mod 2)), and both sides are defined
 * at both: 0^k for k &lt; 0 is never rewritten.
 */
public final class ReduceTwoValuedPower implements dev.nabla.simplify.Rule {
    private static final List<BigFraction> BIT = List.of(BigFraction.ZERO, BigFraction.ONE);
    private static final List<BigFraction> SIGN = List.of(BigFraction.MINUS_ONE, BigFraction.ONE);

    private final Signs signs;

    public ReduceTwoValuedPower(Signs signs) {
        this.signs = signs;
    }

    @Override
    public Optional<Expr> apply(Expr e) {
        if (!(e instanceof Expr.Pow) || !(((Expr.Pow) e).exponent() instanceof Expr.Const)) {
            return Optional.empty();
        }
        Expr.Pow p = (Expr.Pow) e;
        return exponent(p.base(), ((Expr.Const) p.exponent()).value()).map(k -> Ir.pow(p.base(), Ir.constant(k)));
    }

    /** The exponent {@code base^k} reduces to, or empty when it stays. */
    public Optional<BigFraction> exponent(Expr base, BigFraction k) {
        if (!k.getDenominator().equals(BigInteger.ONE)) {
            return Optional.empty();
        }
        Optional<List<BigFraction>> values = signs.twoValues(base);
        if (values.isEmpty()) {
            return Optional.empty();
        }
        if (values.get().equals(BIT) && k.compareTo(BigFraction.ONE) > 0) {
            return Optional.of(BigFraction.ONE);
        }
        if (values.get().equals(SIGN) && !k.equals(BigFraction.ZERO) && !k.equals(BigFraction.ONE)) {
            return Optional.of(new BigFraction(k.getNumerator().testBit(0) ? 1 : 0));
        }
        return Optional.empty();
    }
}
