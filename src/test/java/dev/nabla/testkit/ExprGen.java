package dev.nabla.testkit;

import dev.nabla.ir.Dim;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Fn;
import dev.nabla.ir.Index;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Position;
import dev.nabla.ir.Subscript;
import dev.nabla.ir.Tensor;
import org.apache.commons.math3.fraction.BigFraction;

import java.util.ArrayList;
import java.util.List;

/**
 * Random indexed expressions built through the {@link Ir} smart constructors, from a
 * {@link Choices}: every built-in, {@code + - * /}, integer, rational and variable powers,
 * single and double sums, products of indexed terms, deltas, dim sizes and fixed positions, and
 * on request {@code diff}s (whose function may hold further diffs).
 * Arguments of {@code log}, {@code sqrt}, divisions and non-integer powers are kept positive
 * by construction ({@code 1 + u^2}, {@code exp(u)}, ...); kinks are left to the caller to avoid.
 */
public final class ExprGen {
    private static final List<String> NAMES = List.of("i", "j", "k", "l", "m", "n", "p", "s");
    private static final List<BigFraction> CONSTANTS = List.of(new BigFraction(-2), BigFraction.MINUS_ONE,
            new BigFraction(1, 2), BigFraction.ONE, BigFraction.TWO, new BigFraction(3), new BigFraction(3, 2),
            new BigFraction(-1, 3), new BigFraction(5, 4));
    private static final List<BigFraction> ROOTS = List.of(new BigFraction(1, 2), new BigFraction(3, 2),
            new BigFraction(-1, 2), new BigFraction(-1, 3), new BigFraction(2, 3));

    private final Leaves leaves;
    private final Choices ch;
    private final List<Tensor> defined = new ArrayList<>();
    private boolean deltas = true;
    private boolean diffs;

    public ExprGen(Leaves leaves, Choices ch) {
        this.leaves = leaves;
        this.ch = ch;
    }

    /** Makes a defined tensor available to accesses in later expressions. */
    public ExprGen use(Tensor t) {
        defined.add(t);
        return this;
    }

    public ExprGen withoutDeltas() {
        deltas = false;
        return this;
    }

    /** Lets expressions contain {@code diff(F, X[...])} with respect to a leaf or an earlier defined tensor. */
    public ExprGen withDiffs() {
        diffs = true;
        return this;
    }

    public Choices choices() {
        return ch;
    }

    /** An expression whose free indices are among {@code env}. */
    public Expr expr(int depth, List<Index> env) {
        if (depth <= 0 || ch.chance(0.15)) {
            return leaf(env);
        }
        if (diffs && ch.chance(0.15)) {
            return diff(depth, env);
        }
        int kind = ch.next(13);
        switch (kind) {
            case 0: return Ir.add(expr(depth - 1, env), expr(depth - 1, env));
            case 1: return Ir.sub(expr(depth - 1, env), expr(depth - 1, env));
            case 2: case 3: return Ir.mul(expr(depth - 1, env), expr(depth - 1, env));
            case 4: return Ir.div(expr(depth - 1, env), positive(depth - 1, env));
            case 5: case 6: return call(depth, env);
            case 7: {
                int n = ch.pick(List.of(2, 3, 2, -1, -2));
                return Ir.pow(n > 0 ? expr(depth - 1, env) : positive(depth - 1, env), n);
            }
            case 8: return Ir.pow(positive(depth - 1, env), Ir.constant(ch.pick(ROOTS)));
            case 9: return Ir.pow(positive(depth - 1, env), expr(depth - 2, env));
            case 10: return sum(depth, env, 1);
            case 11: return sum(depth, env, 2);
            default: {
                Expr delta = delta(env);
                return delta == null ? Ir.mul(expr(depth - 1, env), expr(depth - 1, env))
                        : Ir.mul(delta, expr(depth - 1, env));
            }
        }
    }

    /** An expression that is positive at every point. */
    public Expr positive(int depth, List<Index> env) {
        Expr u = expr(depth, env);
        switch (ch.next(5)) {
            case 0: return Ir.add(Ir.ONE, Ir.pow(u, 2));
            case 1: return Ir.call(Fn.EXP, u);
            case 2: return Ir.call(Fn.SIGMOID, u);
            case 3: return Ir.add(Ir.constant(2), Ir.call(Fn.SIN, u));
            default: return Ir.add(Ir.constant(new BigFraction(1, 2)), Ir.call(Fn.SOFTPLUS, u));
        }
    }

    /** {@code diff(f, X[...])}, X mostly a tensor f uses, its subscripts from env or positions. */
    private Expr diff(int depth, List<Index> env) {
        Expr f = expr(depth - 1, env);
        List<Tensor> used = new ArrayList<>(dev.nabla.ir.Tensors.referenced(f));
        Tensor x = used.isEmpty() || ch.chance(0.1) ? ch.pick(all()) : ch.pick(used);
        List<Subscript> at = new ArrayList<>();
        for (Dim slot : x.shape()) {
            at.add(subscript(slot, env));
        }
        return Ir.diff(f, x, at);
    }

    private Expr call(int depth, List<Index> env) {
        Fn fn = ch.pick(List.of(Fn.EXP, Fn.LOG, Fn.SQRT, Fn.ABS, Fn.SIGN, Fn.STEP, Fn.SIGMOID, Fn.TANH, Fn.RELU,
                Fn.SOFTPLUS, Fn.SIN, Fn.COS));
        if (fn == Fn.LOG || fn == Fn.SQRT) {
            return Ir.call(fn, positive(depth - 1, env));
        }
        if (fn == Fn.EXP) {
            // keep values moderate: exp of a bounded argument
            return Ir.call(fn, Ir.call(ch.chance(0.5) ? Fn.TANH : Fn.SIN, expr(depth - 1, env)));
        }
        Expr arg = expr(depth - 1, env);
        if (fn == Fn.SIGN || fn == Fn.STEP) {
            // a jump alone has derivative 0; multiply so the rest of the term still matters
            return Ir.mul(Ir.call(fn, arg), expr(depth - 1, env));
        }
        return Ir.call(fn, arg);
    }

    private Expr sum(int depth, List<Index> env, int count) {
        List<Index> bound = new ArrayList<>();
        List<Index> inner = new ArrayList<>(env);
        for (int k = 0; k < count; k++) {
            Index i = fresh(inner, ch.chance(0.5) ? leaves.d : leaves.q);
            bound.add(i);
            inner.add(i);
        }
        Expr body = expr(depth - 1, inner);
        for (Index i : bound) {
            // the language wants a bound index in a slot: a delta alone does not give its range
            if (!inASlot(body, i, new java.util.HashSet<>())) {
                body = Ir.mul(body, accessUsing(i, inner));
            }
        }
        return Ir.sum(bound, body);
    }

    private static boolean inASlot(Expr e, Index i, java.util.Set<Expr> visited) {
        if (!e.freeIndices().contains(i) || !visited.add(e)) {
            return false;
        }
        if (e instanceof Expr.Access && ((Expr.Access) e).subscripts().contains(i)
                || e instanceof Expr.Diff && ((Expr.Diff) e).at().contains(i)) {
            return true;
        }
        for (Expr c : dev.nabla.ir.Children.of(e)) {
            if (inASlot(c, i, visited)) {
                return true;
            }
        }
        return false;
    }

    /** A fresh index over dim, named by the first name not in env (i, j, ..., then i2, i3, ...). */
    public static Index fresh(List<Index> env, Dim dim) {
        java.util.Set<String> taken = new java.util.HashSet<>();
        for (Index i : env) {
            taken.add(i.name());
        }
        for (String n : NAMES) {
            if (!taken.contains(n)) {
                return new Index(n, dim);
            }
        }
        return new Index(dev.nabla.ir.Fresh.name("i", taken), dim);
    }

    /** An access that mentions i (and otherwise indices of env). */
    public Expr accessUsing(Index i, List<Index> env) {
        List<Tensor> candidates = new ArrayList<>();
        for (Tensor t : candidatesWith(i.dim())) {
            candidates.add(t);
        }
        Tensor t = ch.pick(candidates);
        List<Subscript> subs = new ArrayList<>();
        boolean placed = false;
        for (Dim slot : t.shape()) {
            if (!placed && slot.equals(i.dim())) {
                subs.add(i);
                placed = true;
            } else {
                subs.add(subscript(slot, env));
            }
        }
        return Ir.access(t, subs);
    }

    private List<Tensor> candidatesWith(Dim dim) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : all()) {
            if (t.shape().contains(dim)) {
                out.add(t);
            }
        }
        return out;
    }

    private List<Tensor> all() {
        List<Tensor> out = new ArrayList<>(leaves.all());
        out.addAll(defined);
        return out;
    }

    private Subscript subscript(Dim slot, List<Index> env) {
        List<Index> fitting = new ArrayList<>();
        for (Index i : env) {
            if (i.dim().equals(slot)) {
                fitting.add(i);
            }
        }
        if (fitting.isEmpty() || ch.chance(0.08)) {
            return new Position(1);
        }
        return ch.pick(fitting);
    }

    private Expr leaf(List<Index> env) {
        int kind = ch.next(10);
        if (kind == 0) {
            return Ir.constant(ch.pick(CONSTANTS));
        }
        if (kind == 1 && ch.chance(0.3)) {
            return Ir.dimSize(ch.pick(leaves.dims()));
        }
        Tensor t = ch.pick(all());
        List<Subscript> subs = new ArrayList<>();
        for (Dim slot : t.shape()) {
            subs.add(subscript(slot, env));
        }
        return Ir.access(t, subs);
    }

    private Expr delta(List<Index> env) {
        if (!deltas) {
            return null;
        }
        List<Index[]> pairs = new ArrayList<>();
        for (Index a : env) {
            for (Index b : env) {
                if (a != b && a.dim().equals(b.dim())) {
                    pairs.add(new Index[] {a, b});
                }
            }
        }
        if (pairs.isEmpty()) {
            return env.isEmpty() ? null : Ir.delta(env.get(0), new Position(1));
        }
        Index[] p = ch.pick(pairs);
        return Ir.delta(p[0], p[1]);
    }
}
