package dev.nabla.testkit;

import dev.nabla.ir.Children;
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
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Random indexed expressions built through the {@link Ir} smart constructors, from a
 * {@link Choices}: every built-in, {@code + - * /}, integer, rational and variable powers,
 * single and double sums, products of indexed terms, deltas, dim sizes and fixed positions, and
 * on request {@code diff}s (whose function may hold further diffs).
 * Arguments of {@code log}, {@code sqrt}, divisions and non-integer powers are kept positive
 * by construction ({@code 1 + u^2}, {@code exp(u)}, ...); kinks are left to the caller to avoid.
 * On request it also writes {@code diff(F, X[...])} nodes (for programs that go through
 * reverse mode, not for the evaluator) and literal positions beyond 1.
 */
public final class ExprGen {
    private static final List<String> NAMES = List.of("i", "j", "k", "l", "m", "n", "p", "s");
    private static final List<BigFraction> CONSTANTS = List.of(new BigFraction(-2), BigFraction.MINUS_ONE,
            new BigFraction(1, 2), BigFraction.ONE, BigFraction.TWO, new BigFraction(3), new BigFraction(3, 2),
            new BigFraction(-1, 3), new BigFraction(5, 4));
    private static final List<BigFraction> ROOTS = List.of(new BigFraction(1, 2), new BigFraction(3, 2),
            new BigFraction(-1, 2), new BigFraction(-1, 3), new BigFraction(2, 3));

    private final List<Dim> dims;
    private final List<Tensor> leaves;
    private final Choices ch;
    private final List<Tensor> defined = new ArrayList<>();
    private boolean deltas = true;
    private double diffs = 0;
    private int maxPosition = 1;
    private boolean slotsOnly;

    public ExprGen(Leaves leaves, Choices ch) {
        this(leaves.dims(), leaves.all(), ch);
    }

    /** Over other dims and leaves: every dim must be in the shape of some leaf. */
    public ExprGen(List<Dim> dims, List<Tensor> leaves, Choices ch) {
        this.dims = List.copyOf(dims);
        this.leaves = List.copyOf(leaves);
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

    /**
     * Lets expressions contain {@code diff(F, X[...])} with respect to a leaf or an earlier
     * defined tensor, with every summed index in a slot, as source text needs.
     */
    public ExprGen withDiffs() {
        return withDiffs(0.15).withEveryIndexInASlot();
    }

    /** Each inner node is a {@code diff} with this probability (nested ones included). */
    public ExprGen withDiffs(double chance) {
        diffs = chance;
        return this;
    }

    /**
     * Every summed index fills a slot of an access, as the language requires; otherwise a
     * delta may be its only mention, which the IR allows.
     */
    public ExprGen withEveryIndexInASlot() {
        slotsOnly = true;
        return this;
    }

    /** Literal positions are drawn from 1 to max instead of always 1. */
    public ExprGen withPositions(int max) {
        maxPosition = max;
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
        if (diffs > 0 && ch.chance(diffs)) {
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
            Index i = fresh(inner, ch.pick(dims));
            bound.add(i);
            inner.add(i);
        }
        Expr body = expr(depth - 1, inner);
        for (Index i : bound) {
            if (!(slotsOnly ? slotted(body) : body.freeIndices()).contains(i)) {
                body = Ir.mul(body, accessUsing(i, inner));
            }
        }
        return Ir.sum(bound, body);
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
        List<Tensor> out = new ArrayList<>(leaves);
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
            return position();
        }
        return ch.pick(fitting);
    }

    private Expr leaf(List<Index> env) {
        int kind = ch.next(10);
        if (kind == 0) {
            return Ir.constant(ch.pick(CONSTANTS));
        }
        if (kind == 1 && ch.chance(0.3)) {
            return Ir.dimSize(ch.pick(dims));
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
            return env.isEmpty() ? null : Ir.delta(env.get(0), position());
        }
        Index[] p = ch.pick(pairs);
        return Ir.delta(p[0], p[1]);
    }

    private Position position() {
        return new Position(maxPosition == 1 ? 1 : 1 + ch.next(maxPosition));
    }

    /**
     * {@code diff(F, X[...])} with X a leaf or an earlier definition. A slot of X gets an index
     * of env (the diagonal, when F uses it too), a position, or a fresh index that a sum
     * around the diff then binds, so the result's free indices stay within env.
     */
    private Expr diff(int depth, List<Index> env) {
        Tensor x = ch.pick(all());
        List<Index> inner = new ArrayList<>(env);
        List<Index> bound = new ArrayList<>();
        List<Subscript> at = new ArrayList<>();
        for (Dim slot : x.shape()) {
            if (ch.chance(0.4)) {
                Index k = fresh(inner, slot);
                inner.add(k);
                bound.add(k);
                at.add(k);
            } else {
                at.add(subscript(slot, env));
            }
        }
        Expr d = Ir.diff(expr(depth - 1, inner), x, at);
        return bound.isEmpty() ? d : Ir.sum(bound, d);
    }

    /** The free indices of e that fill a slot of an access or of a diff's variable. */
    public static Set<Index> slotted(Expr e) {
        Set<Index> out = new HashSet<>();
        collectSlotted(e, out, new IdentityHashMap<>());
        out.retainAll(e.freeIndices());
        return out;
    }

    private static void collectSlotted(Expr e, Set<Index> out, Map<Expr, Boolean> seen) {
        if (seen.put(e, Boolean.TRUE) != null) {
            return;
        }
        List<Subscript> subs = e instanceof Expr.Access ? ((Expr.Access) e).subscripts()
                : e instanceof Expr.Diff ? ((Expr.Diff) e).at() : List.of();
        for (Subscript s : subs) {
            if (s instanceof Index) {
                out.add((Index) s);
            }
        }
        for (Expr c : Children.of(e)) {
            collectSlotted(c, out, seen);
        }
    }

    /** body, with a term added where needed so that it mentions every one of indices. */
    public Expr mentioning(Expr body, List<Index> indices) {
        for (Index k : indices) {
            if (!body.freeIndices().contains(k)) {
                body = Ir.add(body, accessUsing(k, indices));
            }
        }
        if (!body.freeIndices().containsAll(indices)) {
            throw new IllegalStateException("cannot make " + body + " use " + indices);
        }
        return body;
    }
}
