package dev.nabla.verify;

import dev.nabla.ir.Children;
import dev.nabla.ir.Dim;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Index;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Substitution;
import org.apache.commons.math3.fraction.BigFraction;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What differs between the sides of a refuted claim, when that is simple enough to say in a
 * line: a factor ({@code differs by a factor -1}), a swap of two free indices, one term, or a
 * size at which alone the claim holds. Each kind asks whether a changed claim holds: by the
 * canonical form where it proves that, else by random checking as for {@code tested}. A kind
 * that is unsure says nothing: an explanation is never wrong.
 */
final class Explanation {
    /** The largest numerator and denominator of a factor worth naming. */
    private static final int FACTOR_LIMIT = 100;
    /** A term longer than this, printed, explains nothing. */
    private static final int TERM_LENGTH_LIMIT = 100;
    /** At most this many dims are tried, one by one, at size 1. */
    private static final int DIMS_TRIED = 4;

    /**
     * The refuted claim {@code lhs == rhs}.
     *
     * @param free      its free indices
     * @param guards    the partial operations of its sides as written
     * @param asWritten its sides as written, for the random checker
     */
    record Claim(Expr lhs, Expr rhs, List<Index> free, Collection<Expr> guards, Expr... asWritten) {
    }

    /**
     * An explanation and the claim that holds in the refuted one's place: {@code lhs == rhs},
     * with dim {@code atOne} at size 1 where not null.
     */
    record Found(String text, Expr lhs, Expr rhs, Dim atOne) {
    }

    private final CanonicalForm canonical;
    private final RandomChecker checker;
    private final int samples;

    /** @param samples the samples of one random check, of which half must agree */
    Explanation(CanonicalForm canonical, RandomChecker checker, int samples) {
        this.canonical = canonical;
        this.checker = checker;
        this.samples = samples;
    }

    /**
     * The first kind that explains the claim, most specific first.
     *
     * @param counterexample where the claim fails, or null where no sample showed it
     */
    Optional<Found> of(Claim claim, Counterexample counterexample) {
        Optional<Found> e = factor(claim, counterexample);
        if (e.isEmpty()) {
            e = swap(claim);
        }
        if (e.isEmpty()) {
            e = term(claim);
        }
        if (e.isEmpty()) {
            e = onlyWhenOne(claim, counterexample);
        }
        return e;
    }

    // ---- a factor ----------------------------------------------------------------------------

    /** {@code differs by a factor c}: lhs == c * rhs for a small rational c other than 0 and 1. */
    Optional<Found> factor(Claim claim, Counterexample counterexample) {
        for (BigFraction c : factorCandidates(claim, counterexample)) {
            Expr scaled = Ir.mul(Ir.constant(c), claim.rhs());
            if (holds(claim, claim.lhs(), scaled, checker)) {
                String factor = Ir.constant(c).toString();
                return Optional.of(new Found("differs by a factor " + factor
                        + (c.equals(BigFraction.MINUS_ONE) ? "" : " (lhs = " + factor + " * rhs)"),
                        claim.lhs(), scaled, null));
            }
        }
        return Optional.empty();
    }

    /**
     * The ratio of the leading terms of the canonical forms, where they have the same term
     * structure, and the ratio of the sides at the counterexample, where a small fraction is it.
     */
    private Set<BigFraction> factorCandidates(Claim claim, Counterexample counterexample) {
        Set<BigFraction> out = new LinkedHashSet<>();
        Optional<Expr> l = canonical.of(claim.lhs());
        Optional<Expr> r = canonical.of(claim.rhs());
        if (l.isPresent() && r.isPresent()) {
            Expr a = leadingTerm(l.get());
            Expr b = leadingTerm(r.get());
            if (Ir.withoutCoefficient(a) == Ir.withoutCoefficient(b) && b != Ir.ZERO) {
                out.add(Ir.coefficientOf(a).divide(Ir.coefficientOf(b)));
            }
        }
        if (counterexample != null && counterexample.rhs() != 0) {
            small(counterexample.lhs() / counterexample.rhs()).ifPresent(out::add);
        }
        out.removeIf(c -> c.equals(BigFraction.ZERO) || c.equals(BigFraction.ONE) || !isSmall(c));
        return out;
    }

    private static Expr leadingTerm(Expr e) {
        return e instanceof Expr.Add ? ((Expr.Add) e).terms().get(0) : e;
    }

    /** The fraction with the smallest denominator within rounding of x, if it is small. */
    static Optional<BigFraction> small(double x) {
        if (!Double.isFinite(x)) {
            return Optional.empty();
        }
        for (int q = 1; q <= FACTOR_LIMIT; q++) {
            long p = Math.round(x * q);
            if (Math.abs(p) <= FACTOR_LIMIT && Math.abs((double) p / q - x) <= 1e-9 * Math.abs(x)) {
                return Optional.of(new BigFraction(p, (long) q));
            }
        }
        return Optional.empty();
    }

    private static boolean isSmall(BigFraction c) {
        BigInteger limit = BigInteger.valueOf(FACTOR_LIMIT);
        return c.getNumerator().abs().compareTo(limit) <= 0 && c.getDenominator().compareTo(limit) <= 0;
    }

    // ---- two indices swapped -----------------------------------------------------------------

    /**
     * {@code the indices h and j are swapped}: renaming two free indices of one range into each
     * other in the right side makes the claim hold.
     */
    Optional<Found> swap(Claim claim) {
        List<Index> free = claim.free();
        for (int a = 0; a < free.size(); a++) {
            for (int b = a + 1; b < free.size(); b++) {
                Index h = free.get(a);
                Index j = free.get(b);
                if (!h.dim().equals(j.dim())) {
                    continue;
                }
                Expr swapped = Substitution.apply(claim.rhs(), Map.of(h, j, j, h));
                if (swapped != claim.rhs() && holds(claim, claim.lhs(), swapped, checker)) {
                    return Optional.of(new Found("the indices " + h.name() + " and " + j.name() + " are swapped",
                            claim.lhs(), swapped, null));
                }
            }
        }
        return Optional.empty();
    }

    // ---- one term ----------------------------------------------------------------------------

    /**
     * {@code differs by the term t (lhs - rhs)}: the canonical form of lhs − rhs is one term, or
     * its terms share a factor that leaves a product once taken out ({@code 2*w - 2*lambda*w}
     * is {@code 2*(1 - lambda)*w}). Exact: the canonical form keeps values wherever both sides are defined.
     */
    Optional<Found> term(Claim claim) {
        Optional<Expr> difference = canonical.of(Ir.sub(claim.lhs(), claim.rhs()));
        if (difference.isEmpty() || difference.get() == Ir.ZERO) {
            return Optional.empty();
        }
        Optional<Expr> product = asProduct(difference.get());
        if (product.isEmpty() || product.get().toString().length() > TERM_LENGTH_LIMIT) {
            return Optional.empty();
        }
        Expr term = readable(product.get());
        if (!canonical.provesEqual(term, difference.get())) {
            return Optional.empty();
        }
        return Optional.of(new Found("differs by the term " + term + " (lhs - rhs)", claim.lhs(),
                Ir.add(claim.rhs(), term), null));
    }

    /**
     * The term with its bound indices named as a person would ({@code k}, {@code k2}, ...),
     * not as the canonical form does, avoiding the names of its free indices and tensors.
     */
    static Expr readable(Expr term) {
        Set<String> taken = new HashSet<>();
        for (Expr e : Children.reachable(term)) {
            e.freeIndices().forEach(i -> taken.add(i.name()));
            if (e instanceof Expr.Access) {
                taken.add(((Expr.Access) e).tensor().name());
            }
        }
        return renamed(term, taken, new IdentityHashMap<>());
    }

    private static Expr renamed(Expr e, Set<String> taken, Map<Expr, Expr> memo) {
        Expr done = memo.get(e);
        if (done != null) {
            return done;
        }
        List<Expr> children = new ArrayList<>();
        for (Expr c : Children.of(e)) {
            children.add(renamed(c, taken, memo));
        }
        Expr out = children.isEmpty() ? e : Children.with(e, children);
        if (out instanceof Expr.Sum) {
            Expr.Sum sum = (Expr.Sum) out;
            String name = "k";
            for (int n = 2; taken.contains(name); n++) {
                name = "k" + n;
            }
            taken.add(name);
            Index to = new Index(name, sum.index().dim());
            out = Ir.sum(to, Substitution.rename(sum.body(), sum.index(), to));
        }
        memo.put(e, out);
        return out;
    }

    /** One term as it is; several as their common factors times what is left, where some factor is common. */
    static Optional<Expr> asProduct(Expr e) {
        if (!(e instanceof Expr.Add)) {
            return Optional.of(e);
        }
        List<Expr> terms = ((Expr.Add) e).terms();
        Map<Expr, BigFraction> common = null;
        BigInteger numerator = BigInteger.ZERO;
        BigInteger denominator = BigInteger.ONE;
        for (Expr t : terms) {
            Map<Expr, BigFraction> powers = powers(Ir.withoutCoefficient(t));
            common = common == null ? powers : intersection(common, powers);
            BigFraction c = Ir.coefficientOf(t);
            numerator = numerator.gcd(c.getNumerator());
            denominator = lcm(denominator, c.getDenominator());
        }
        if (common.isEmpty()) {
            return Optional.empty();
        }
        // the first term's remainder leads with a positive coefficient
        BigFraction scale = new BigFraction(numerator, denominator);
        if (Ir.coefficientOf(terms.get(0)).compareTo(BigFraction.ZERO) < 0) {
            scale = scale.negate();
        }
        List<Expr> factor = new ArrayList<>();
        List<Expr> inverse = new ArrayList<>();
        for (Map.Entry<Expr, BigFraction> p : common.entrySet()) {
            factor.add(Ir.pow(p.getKey(), Ir.constant(p.getValue())));
            inverse.add(Ir.pow(p.getKey(), Ir.constant(p.getValue().negate())));
        }
        List<Expr> rest = new ArrayList<>();
        for (Expr t : terms) {
            List<Expr> parts = new ArrayList<>(inverse);
            parts.add(Ir.constant(Ir.coefficientOf(t).divide(scale)));
            parts.add(Ir.withoutCoefficient(t));
            rest.add(Ir.mul(parts));
        }
        factor.add(0, Ir.constant(scale));
        factor.add(Ir.add(rest));
        return Optional.of(Ir.mul(factor));
    }

    /** A product's factors with their exponents: {@code x^2*y} is {x: 2, y: 1}. */
    private static Map<Expr, BigFraction> powers(Expr product) {
        Map<Expr, BigFraction> out = new LinkedHashMap<>();
        List<Expr> factors = product instanceof Expr.Mul ? ((Expr.Mul) product).factors() : List.of(product);
        for (Expr f : factors) {
            if (f instanceof Expr.Pow && ((Expr.Pow) f).exponent() instanceof Expr.Const) {
                out.merge(((Expr.Pow) f).base(), ((Expr.Const) ((Expr.Pow) f).exponent()).value(), BigFraction::add);
            } else if (f != Ir.ONE) {
                out.merge(f, BigFraction.ONE, BigFraction::add);
            }
        }
        return out;
    }

    /** The factors in both, each to the exponent nearer 0 where both have the same sign. */
    private static Map<Expr, BigFraction> intersection(Map<Expr, BigFraction> a, Map<Expr, BigFraction> b) {
        Map<Expr, BigFraction> out = new LinkedHashMap<>();
        for (Map.Entry<Expr, BigFraction> e : a.entrySet()) {
            BigFraction x = e.getValue();
            BigFraction y = b.get(e.getKey());
            if (y != null && x.getNumerator().signum() == y.getNumerator().signum()) {
                out.put(e.getKey(), x.abs().compareTo(y.abs()) <= 0 ? x : y);
            }
        }
        return out;
    }

    private static BigInteger lcm(BigInteger a, BigInteger b) {
        return a.divide(a.gcd(b)).multiply(b);
    }

    // ---- a size ------------------------------------------------------------------------------

    /**
     * {@code holds only when l = 1}: the claim holds on every sample with dim l at 1, and fails at
     * the counterexample, where l is at least 2; no other dim at 1 alone makes it hold.
     */
    Optional<Found> onlyWhenOne(Claim claim, Counterexample counterexample) {
        if (counterexample == null) {
            return Optional.empty();
        }
        List<Dim> candidates = new ArrayList<>();
        counterexample.sizes().forEach((d, n) -> {
            if (n >= 2) {
                candidates.add(d);
            }
        });
        if (candidates.isEmpty() || candidates.size() > DIMS_TRIED) {
            return Optional.empty();
        }
        Dim only = null;
        for (Dim d : candidates) {
            RandomChecker one = checker.withSizes(d, 1, 1);
            if (one != null && holds(claim, claim.lhs(), claim.rhs(), one)) {
                if (only != null) {
                    return Optional.empty(); // it holds with either dim at 1: "only when" would be wrong
                }
                only = d;
            }
        }
        if (only == null || !failsAtEverySizeFrom2(claim, only, counterexample.sizes().get(only))) {
            return Optional.empty(); // "only" needs the claim to fail at the other sizes too
        }
        return Optional.of(new Found("holds only when " + only.name() + " = 1", claim.lhs(), claim.rhs(), only));
    }

    /**
     * Whether the claim is refuted with dim d pinned to each size from 2 to the largest sampled
     * (and the counterexample's): {@code u*(n - 1)*(n - 2) + (n - 1)*(n - 2) == 0} also holds at
     * n = 2, so "only when n = 1" would be false.
     */
    private boolean failsAtEverySizeFrom2(Claim claim, Dim d, int counterexampleSize) {
        for (int n = 2; n <= Math.max(counterexampleSize, checker.maxSize()); n++) {
            RandomChecker at = checker.withSizes(d, n, n);
            if (at == null || at.tooLarge(claim.lhs(), claim.rhs(), claim.free(), claim.guards()) != null) {
                return false;
            }
            if (!(at.check(claim.lhs(), claim.rhs(), claim.free(), claim.guards(), claim.asWritten())
                    instanceof Outcome.Refuted)) {
                return false;
            }
        }
        return true;
    }

    // ---- deciding a changed claim ------------------------------------------------------------

    /**
     * Whether {@code lhs == rhs} holds: proved by the canonical form, or agreeing on at least half
     * the samples with hardly any undecidable, as a {@code tested} verdict needs.
     */
    private boolean holds(Claim claim, Expr lhs, Expr rhs, RandomChecker by) {
        if (by == checker && canonical.provesEqual(lhs, rhs)) {
            return true;
        }
        if (by.tooLarge(lhs, rhs, claim.free(), claim.guards()) != null) {
            return false;
        }
        Outcome o = by.check(lhs, rhs, claim.free(), claim.guards(), claim.asWritten());
        if (!(o instanceof Outcome.Agreed)) {
            return false;
        }
        Outcome.Agreed a = (Outcome.Agreed) o;
        return a.samples() * 2L >= samples && a.undecidable() * 10L <= a.samples();
    }
}
