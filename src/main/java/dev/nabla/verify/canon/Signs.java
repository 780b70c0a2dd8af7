package dev.nabla.verify.canon;

import dev.nabla.ir.Expr;
import dev.nabla.ir.Tensor;
import dev.nabla.sema.ValueDomain;
import org.apache.commons.math3.fraction.BigFraction;

import java.math.BigInteger;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What the declared domains fix about the sign of an expression wherever it is defined: leaves
 * by their domains ({@code in (0, 1)}, {@code > 0}, {@code in {0, 1}}), dims as positive sizes,
 * exp, sigmoid and softplus as positive, sqrt and abs as nonnegative, and what products, powers,
 * sums and sums over an index make of those. A leaf without a declared domain may take any
 * real value, whatever range the random checker draws it from.
 */
public final class Signs {
    /** The signs a value may have, as a set: {@code NONNEGATIVE} allows 0 and positive values. */
    public enum Sign {
        POSITIVE, NEGATIVE, ZERO, NONNEGATIVE, NONPOSITIVE, UNKNOWN;

        boolean atLeastZero() {
            return this == POSITIVE || this == ZERO || this == NONNEGATIVE;
        }

        boolean atMostZero() {
            return this == NEGATIVE || this == ZERO || this == NONPOSITIVE;
        }
    }

    /** No leaf has a known sign. */
    public static final Signs NONE = new Signs(Map.of());

    private final Map<Tensor, ValueDomain> domains;
    private final Map<Expr, Sign> memo = new IdentityHashMap<>();

    /** @param domains the declared domain of each leaf that has one */
    public Signs(Map<Tensor, ValueDomain> domains) {
        this.domains = Map.copyOf(domains);
    }

    public boolean positive(Expr e) {
        return of(e) == Sign.POSITIVE;
    }

    public boolean nonnegative(Expr e) {
        return of(e).atLeastZero();
    }

    public boolean nonpositive(Expr e) {
        return of(e).atMostZero();
    }

    public boolean negative(Expr e) {
        return of(e) == Sign.NEGATIVE;
    }

    public Sign of(Expr e) {
        Sign known = memo.get(e);
        if (known == null) {
            known = compute(e);
            memo.put(e, known);
        }
        return known;
    }

    private Sign compute(Expr e) {
        if (e instanceof Expr.Const) {
            return sign(((Expr.Const) e).value().compareTo(BigFraction.ZERO));
        }
        if (e instanceof Expr.DimSize) {
            return Sign.POSITIVE;
        }
        if (e instanceof Expr.Delta) {
            return Sign.NONNEGATIVE;
        }
        if (e instanceof Expr.Access) {
            ValueDomain d = domains.get(((Expr.Access) e).tensor());
            return d == null ? Sign.UNKNOWN : of(d);
        }
        if (e instanceof Expr.Call) {
            switch (((Expr.Call) e).fn()) {
                case EXP: case SIGMOID: case SOFTPLUS: return Sign.POSITIVE;
                case SQRT: case ABS: case STEP: case RELU: case RELU_PRIME: return Sign.NONNEGATIVE;
                case TANH: case SIGN: return of(((Expr.Call) e).arg());
                default: return Sign.UNKNOWN;
            }
        }
        if (e instanceof Expr.Pow) {
            return power((Expr.Pow) e);
        }
        if (e instanceof Expr.Mul) {
            Sign s = Sign.POSITIVE;
            for (Expr f : ((Expr.Mul) e).factors()) {
                s = times(s, of(f));
            }
            return s;
        }
        if (e instanceof Expr.Add) {
            Sign s = Sign.ZERO;
            for (Expr t : ((Expr.Add) e).terms()) {
                s = plus(s, of(t));
            }
            return s;
        }
        if (e instanceof Expr.Sum) {
            // a dim is at least 1, so a sum has at least one term
            return of(((Expr.Sum) e).body());
        }
        return Sign.UNKNOWN;
    }

    private static Sign of(ValueDomain d) {
        if (d.isSet()) {
            Sign s = null;
            for (double v : d.values()) {
                Sign one = sign((int) Math.signum(v));
                s = s == null ? one : union(s, one);
            }
            return s;
        }
        if (d.lo() > 0 || d.lo() == 0 && !d.loClosed()) {
            return Sign.POSITIVE;
        }
        if (d.lo() == 0) {
            return Sign.NONNEGATIVE;
        }
        if (d.hi() < 0 || d.hi() == 0 && !d.hiClosed()) {
            return Sign.NEGATIVE;
        }
        return d.hi() == 0 ? Sign.NONPOSITIVE : Sign.UNKNOWN;
    }

    private Sign power(Expr.Pow p) {
        Sign base = of(p.base());
        if (!(p.exponent() instanceof Expr.Const)) {
            // a real power of a base is defined only for a positive base (or 0 to a positive power)
            return base == Sign.POSITIVE ? Sign.POSITIVE : Sign.NONNEGATIVE;
        }
        BigFraction n = ((Expr.Const) p.exponent()).value();
        if (!n.getDenominator().equals(BigInteger.ONE)) {
            return base == Sign.POSITIVE ? Sign.POSITIVE : Sign.NONNEGATIVE;
        }
        boolean even = !n.getNumerator().testBit(0);
        boolean nonzero = base == Sign.POSITIVE || base == Sign.NEGATIVE || n.compareTo(BigFraction.ZERO) < 0;
        if (even) {
            return base == Sign.ZERO ? Sign.ZERO : nonzero ? Sign.POSITIVE : Sign.NONNEGATIVE;
        }
        if (n.compareTo(BigFraction.ZERO) < 0) {
            // 1/u has u's sign wherever it is defined
            return base == Sign.NONNEGATIVE ? Sign.POSITIVE : base == Sign.NONPOSITIVE ? Sign.NEGATIVE : base;
        }
        return base;
    }

    private static Sign sign(int signum) {
        return signum > 0 ? Sign.POSITIVE : signum < 0 ? Sign.NEGATIVE : Sign.ZERO;
    }

    private static Sign union(Sign a, Sign b) {
        if (a == b) {
            return a;
        }
        if (a.atLeastZero() && b.atLeastZero()) {
            return Sign.NONNEGATIVE;
        }
        if (a.atMostZero() && b.atMostZero()) {
            return Sign.NONPOSITIVE;
        }
        return Sign.UNKNOWN;
    }

    private static Sign times(Sign a, Sign b) {
        if (a == Sign.ZERO || b == Sign.ZERO) {
            return Sign.ZERO;
        }
        if (a == Sign.UNKNOWN || b == Sign.UNKNOWN) {
            return Sign.UNKNOWN;
        }
        boolean strict = (a == Sign.POSITIVE || a == Sign.NEGATIVE) && (b == Sign.POSITIVE || b == Sign.NEGATIVE);
        boolean flips = a.atMostZero() != b.atMostZero();
        return strict ? (flips ? Sign.NEGATIVE : Sign.POSITIVE) : (flips ? Sign.NONPOSITIVE : Sign.NONNEGATIVE);
    }

    private static Sign plus(Sign a, Sign b) {
        if (a == Sign.ZERO) {
            return b;
        }
        if (b == Sign.ZERO) {
            return a;
        }
        if (a.atLeastZero() && b.atLeastZero()) {
            return a == Sign.POSITIVE || b == Sign.POSITIVE ? Sign.POSITIVE : Sign.NONNEGATIVE;
        }
        if (a.atMostZero() && b.atMostZero()) {
            return a == Sign.NEGATIVE || b == Sign.NEGATIVE ? Sign.NEGATIVE : Sign.NONPOSITIVE;
        }
        return Sign.UNKNOWN;
    }
}
