package dev.nabla.verify.canon;

import dev.nabla.ir.Expr;
import dev.nabla.ir.Fn;
import dev.nabla.ir.Tensor;
import dev.nabla.sema.ValueDomain;
import org.apache.commons.math3.fraction.BigFraction;

import java.math.BigInteger;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the declared domains fix about the sign of an expression wherever it is defined, by
 * interval arithmetic with exact ends: leaves by their domains ({@code in (0, 1)}, {@code > 0},
 * {@code in {0, 1}}), dims as sizes of at least 1, exp, sigmoid and softplus as positive, sqrt
 * and abs as nonnegative, and what sums, products, powers and sums over an index make of those
 * ({@code 1 - eps} is positive for {@code eps in (0, 1)}). A leaf without a declared domain may take any
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

    /**
     * The two values an access of a leaf declared {@code in {a, b}} takes, smaller first; empty
     * for any other expression, a leaf of another domain among them.
     */
    public Optional<List<BigFraction>> twoValues(Expr e) {
        if (!(e instanceof Expr.Access)) {
            return Optional.empty();
        }
        ValueDomain d = domains.get(((Expr.Access) e).tensor());
        if (d == null || !d.isSet() || d.values().stream().distinct().count() != 2) {
            return Optional.empty();
        }
        List<BigFraction> v = d.values().stream().distinct().map(BigFraction::new).sorted().toList();
        return Optional.of(v);
    }

    public Sign of(Expr e) {
        Sign known = memo.get(e);
        if (known == null) {
            known = range(e).sign();
            memo.put(e, known);
        }
        return known;
    }

    /**
     * The values an expression can take, as an interval with exact rational ends (null for an
     * infinite end) that may be open or closed: interval arithmetic over the declared domains,
     * so that {@code 1 - eps} is positive for {@code eps in (0, 1)}.
     */
    private record Range(BigFraction lo, boolean loIn, BigFraction hi, boolean hiIn) {
        static final Range ALL = new Range(null, false, null, false);
        static final Range POSITIVE = new Range(BigFraction.ZERO, false, null, false);
        static final Range NONNEGATIVE = new Range(BigFraction.ZERO, true, null, false);

        static Range point(BigFraction c) {
            return new Range(c, true, c, true);
        }

        Sign sign() {
            int l = lo == null ? -2 : lo.compareTo(BigFraction.ZERO);
            int h = hi == null ? 2 : hi.compareTo(BigFraction.ZERO);
            if (l == 0 && h == 0) {
                return Sign.ZERO;
            }
            if (l > 0 || l == 0 && !loIn) {
                return Sign.POSITIVE;
            }
            if (h < 0 || h == 0 && !hiIn) {
                return Sign.NEGATIVE;
            }
            return l >= 0 ? Sign.NONNEGATIVE : h <= 0 ? Sign.NONPOSITIVE : Sign.UNKNOWN;
        }

        Range negate() {
            return new Range(hi == null ? null : hi.negate(), hiIn, lo == null ? null : lo.negate(), loIn);
        }

        Range plus(Range o) {
            return new Range(lo == null || o.lo == null ? null : lo.add(o.lo), loIn && o.loIn,
                    hi == null || o.hi == null ? null : hi.add(o.hi), hiIn && o.hiIn);
        }

        boolean atLeastZero() {
            return lo != null && lo.compareTo(BigFraction.ZERO) >= 0;
        }

        boolean atMostZero() {
            return hi != null && hi.compareTo(BigFraction.ZERO) <= 0;
        }

        boolean isZero() {
            return atLeastZero() && atMostZero();
        }

        Range times(Range o) {
            if (isZero() || o.isZero()) {
                return point(BigFraction.ZERO); // else 0 is both signs, and the flips below never end
            }
            if (!atLeastZero() || !o.atLeastZero()) {
                if (atMostZero()) {
                    return negate().times(o).negate();
                }
                return o.atMostZero() ? times(o.negate()).negate() : ALL;
            }
            // both nonnegative: the ends multiply; an end at 0 stays 0 whatever the other's
            boolean zero = lo.equals(BigFraction.ZERO) && loIn || o.lo.equals(BigFraction.ZERO) && o.loIn;
            BigFraction l = lo.multiply(o.lo);
            boolean lIn = zero || loIn && o.loIn;
            BigFraction h = hi == null || o.hi == null ? null : hi.multiply(o.hi);
            return new Range(l, lIn, h, hiIn && o.hiIn);
        }

        /** 1 / x over a range that excludes 0; ALL otherwise. */
        Range reciprocal() {
            Sign s = sign();
            if (s == Sign.NEGATIVE) {
                return negate().reciprocal().negate();
            }
            if (s != Sign.POSITIVE) {
                return ALL;
            }
            BigFraction l = hi == null ? BigFraction.ZERO : hi.reciprocal();
            BigFraction h = lo.equals(BigFraction.ZERO) ? null : lo.reciprocal();
            return new Range(l, hi != null && hiIn, h, h != null && loIn);
        }

        Range power(int n) {
            Range r = point(BigFraction.ONE);
            for (int k = 0; k < n; k++) {
                r = r.times(this);
            }
            return r;
        }
    }

    private final Map<Expr, Range> ranges = new IdentityHashMap<>();

    private Range range(Expr e) {
        Range known = ranges.get(e);
        if (known == null) {
            known = compute(e);
            ranges.put(e, known);
        }
        return known;
    }

    private Range compute(Expr e) {
        if (e instanceof Expr.Const) {
            return Range.point(((Expr.Const) e).value());
        }
        if (e instanceof Expr.DimSize) {
            return new Range(BigFraction.ONE, true, null, false);
        }
        if (e instanceof Expr.Delta) {
            return new Range(BigFraction.ZERO, true, BigFraction.ONE, true);
        }
        if (e instanceof Expr.Access) {
            ValueDomain d = domains.get(((Expr.Access) e).tensor());
            return d == null ? Range.ALL : of(d);
        }
        if (e instanceof Expr.Call) {
            Fn.Range r = ((Expr.Call) e).fn().range();
            return new Range(r.lo(), r.loClosed(), r.hi(), r.hiClosed());
        }
        if (e instanceof Expr.Pow) {
            return power((Expr.Pow) e);
        }
        if (e instanceof Expr.Mul) {
            Range r = Range.point(BigFraction.ONE);
            for (Expr f : ((Expr.Mul) e).factors()) {
                r = r.times(range(f));
            }
            return r;
        }
        if (e instanceof Expr.Add) {
            Range r = Range.point(BigFraction.ZERO);
            for (Expr t : ((Expr.Add) e).terms()) {
                r = r.plus(range(t));
            }
            return r;
        }
        if (e instanceof Expr.Sum) {
            // a dim is at least 1, so a sum has at least one term: it keeps the body's sign
            Range body = range(((Expr.Sum) e).body());
            if (body.atLeastZero()) {
                return new Range(body.lo(), body.loIn(), null, false);
            }
            return body.atMostZero() ? new Range(null, false, body.hi(), body.hiIn()) : Range.ALL;
        }
        return Range.ALL;
    }

    private static Range of(ValueDomain d) {
        if (d.isSet()) {
            BigFraction lo = null;
            BigFraction hi = null;
            for (double v : d.values()) {
                BigFraction x = new BigFraction(v);
                lo = lo == null || x.compareTo(lo) < 0 ? x : lo;
                hi = hi == null || x.compareTo(hi) > 0 ? x : hi;
            }
            return new Range(lo, true, hi, true);
        }
        return new Range(Double.isInfinite(d.lo()) ? null : new BigFraction(d.lo()), d.loClosed(),
                Double.isInfinite(d.hi()) ? null : new BigFraction(d.hi()), d.hiClosed());
    }

    private Range power(Expr.Pow p) {
        Range base = range(p.base());
        if (!(p.exponent() instanceof Expr.Const)) {
            // a variable exponent may be a whole number where the base is negative: (-2)^w is -2 at w = 1
            return base.sign() == Sign.POSITIVE ? Range.POSITIVE : base.atLeastZero() ? Range.NONNEGATIVE : Range.ALL;
        }
        BigFraction n = ((Expr.Const) p.exponent()).value();
        if (!n.getDenominator().equals(BigInteger.ONE) || n.abs().compareTo(new BigFraction(64)) > 0) {
            if (!n.getDenominator().equals(BigInteger.ONE)) {
                // a fractional power is defined only for a nonnegative base, and keeps a positive one positive
                return base.sign() == Sign.POSITIVE ? Range.POSITIVE : Range.NONNEGATIVE;
            }
            return base.sign() == Sign.POSITIVE ? Range.POSITIVE : base.atLeastZero() ? Range.NONNEGATIVE
                    : n.getNumerator().testBit(0) ? Range.ALL : Range.NONNEGATIVE;
        }
        int k = Math.abs(n.intValue());
        Range r;
        if (k % 2 == 0 && !base.atLeastZero() && !base.atMostZero()) {
            // an even power of a range around 0: from 0 to the larger end's power
            r = base.lo() == null || base.hi() == null ? Range.NONNEGATIVE
                    : new Range(BigFraction.ZERO, true, max(base.lo().negate(), base.hi()).pow(k), true);
        } else {
            r = base.power(k);
        }
        return n.compareTo(BigFraction.ZERO) >= 0 ? r : r.reciprocal();
    }

    private static BigFraction max(BigFraction a, BigFraction b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
