package dev.nabla.verify.canon;

import dev.nabla.ir.Children;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Fn;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Order;
import dev.nabla.ir.Tensor;
import dev.nabla.simplify.Rule;
import org.apache.commons.math3.fraction.BigFraction;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * {@code f(u) -> (y - b)/(a - b) * f(u[y:=a]) + (y - a)/(b - a) * f(u[y:=b])} for an access y of a
 * leaf declared {@code in {a, b}} that u mentions outside any sum (Shannon expansion, so
 * {@code log(y * p + (1 - y) * q) -> y * log(p) + (1 - y) * log(q)} for {@code y in {0, 1}}).
 * Wherever f(u) is defined y is a or b, say a: then {@code u[y:=a]} has the value of u and the
 * other term's coefficient is 0. So the rule applies only where the domains show both
 * {@code f(u[y:=a])} and {@code f(u[y:=b])} defined everywhere (no log of what may not be
 * positive, no reciprocal of what may be 0, no definition kept an atom), lest a term
 * {@code 0 * log(0)} make the form undefined where the call is not. Only calls mentioning at most
 * {@link #MOST_LEAVES} such accesses are expanded, so one call makes at most 2^3 terms. Replacing
 * only this access is right even where the leaf has others ({@code y[j]}): y is one element.
 */
public final class ExpandCallOnTwoValuedLeaf implements Rule {
    static final int MOST_LEAVES = 3;

    private final Signs signs;
    private final Predicate<Tensor> leaf;

    /** @param leaf which tensors are leaves, defined everywhere (the others' accesses are atoms) */
    public ExpandCallOnTwoValuedLeaf(Signs signs, Predicate<Tensor> leaf) {
        this.signs = signs;
        this.leaf = leaf;
    }

    @Override
    public Optional<Expr> apply(Expr e) {
        if (!(e instanceof Expr.Call)) {
            return Optional.empty();
        }
        Fn fn = ((Expr.Call) e).fn();
        Expr u = ((Expr.Call) e).arg();
        Set<Expr> found = new TreeSet<>(Order.INSTANCE);
        twoValued(u, found, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        if (found.isEmpty() || found.size() > MOST_LEAVES) {
            return Optional.empty();
        }
        Expr y = found.iterator().next();
        List<BigFraction> v = signs.twoValues(y).orElseThrow();
        BigFraction a = v.get(0);
        BigFraction b = v.get(1);
        Expr atA = Ir.call(fn, replaced(u, y, Ir.constant(a), new IdentityHashMap<>()));
        Expr atB = Ir.call(fn, replaced(u, y, Ir.constant(b), new IdentityHashMap<>()));
        if (!definedEverywhere(atA) || !definedEverywhere(atB)) {
            return Optional.empty();
        }
        Expr weightA = Ir.mul(Ir.constant(a.subtract(b).reciprocal()), Ir.sub(y, Ir.constant(b)));
        Expr weightB = Ir.mul(Ir.constant(b.subtract(a).reciprocal()), Ir.sub(y, Ir.constant(a)));
        return Optional.of(Ir.add(Ir.mul(weightA, atA), Ir.mul(weightB, atB)));
    }

    /** The two-valued accesses e mentions outside sums (inside one, an index may be bound). */
    private void twoValued(Expr e, Set<Expr> out, Set<Expr> seen) {
        if (!seen.add(e) || e instanceof Expr.Sum) {
            return;
        }
        if (signs.twoValues(e).isPresent()) {
            out.add(e);
        }
        for (Expr c : Children.of(e)) {
            twoValued(c, out, seen);
        }
    }

    /** e with y replaced by c, except inside a sum over one of y's indices, where y[i] is another element. */
    private static Expr replaced(Expr e, Expr y, Expr c, Map<Expr, Expr> memo) {
        if (e == y) {
            return c;
        }
        if (e instanceof Expr.Sum && y.freeIndices().contains(((Expr.Sum) e).index())) {
            return e;
        }
        Expr done = memo.get(e);
        if (done == null) {
            List<Expr> children = new ArrayList<>();
            for (Expr x : Children.of(e)) {
                children.add(replaced(x, y, c, memo));
            }
            done = children.isEmpty() ? e : Children.with(e, children);
            memo.put(e, done);
        }
        return done;
    }

    /** Whether the domains show e defined at every point: every partial operation's argument in its domain. */
    private boolean definedEverywhere(Expr e) {
        for (Expr n : Children.reachable(e)) {
            if (!definedGivenChildren(n)) {
                return false;
            }
        }
        return true;
    }

    private boolean definedGivenChildren(Expr e) {
        if (e instanceof Expr.Access) {
            return leaf.test(((Expr.Access) e).tensor());
        }
        if (e instanceof Expr.Diff) {
            return false;
        }
        if (e instanceof Expr.Call) {
            Expr.Call c = (Expr.Call) e;
            return switch (c.fn()) {
                case LOG -> signs.positive(c.arg());
                case SQRT -> signs.nonnegative(c.arg());
                case EXP, ABS, SIGN, STEP, SIGMOID, TANH, RELU, SOFTPLUS, SIN, COS, RELU_PRIME -> true;
            };
        }
        if (e instanceof Expr.Pow) {
            Expr.Pow p = (Expr.Pow) e;
            if (!(p.exponent() instanceof Expr.Const)) {
                return signs.positive(p.base());
            }
            BigFraction k = ((Expr.Const) p.exponent()).value();
            boolean negative = k.compareTo(BigFraction.ZERO) < 0;
            if (k.getDenominator().equals(BigInteger.ONE)) {
                return !negative || signs.positive(p.base()) || signs.negative(p.base());
            }
            return negative ? signs.positive(p.base()) : signs.nonnegative(p.base());
        }
        return true;
    }
}
