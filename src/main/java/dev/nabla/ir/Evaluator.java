package dev.nabla.ir;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates expressions of a graph at one {@link Instance}, in double precision, together with a
 * first-order bound on each value's accumulated rounding error (Higham's running error analysis,
 * "Accuracy and Stability of Numerical Algorithms", §3.3). Every node is evaluated once, as a
 * dense tensor over its own free indices; a defined tensor is evaluated once, over its
 * definition's indices, and accesses gather from it.
 */
public final class Evaluator {
    /** The unit roundoff of IEEE double precision, 2^-53. */
    public static final double EPS = 0x1p-53;
    /**
     * A bound on the absolute rounding error of a product, quotient or function value that
     * underflows: fl(x op y) = (x op y)(1 + δ) + η with |δ| ≤ EPS and |η| at most half the
     * smallest subnormal, itself not a double. Sums of doubles never underflow inexactly.
     */
    public static final double ETA = Double.MIN_VALUE;

    /**
     * A dense tensor of values over some indices, row-major in the order of {@code indices}, with
     * the rounding error bound of each element alongside.
     */
    public record Value(List<Index> indices, int[] shape, double[] values, double[] errors) {
        public Value {
            indices = List.copyOf(indices);
        }

        public int size() {
            return values.length;
        }

        /** The row-major stride of an index, 0 for an index the value does not vary over. */
        public int strideOf(Index i) {
            int k = indices.indexOf(i);
            if (k < 0) {
                return 0;
            }
            int stride = 1;
            for (int m = k + 1; m < shape.length; m++) {
                stride *= shape[m];
            }
            return stride;
        }

        /** The (1-based) index assignment of the element at a row-major position. */
        public Map<Index, Integer> assignment(int position) {
            Map<Index, Integer> at = new LinkedHashMap<>();
            int rest = position;
            int[] coordinate = new int[shape.length];
            for (int k = shape.length - 1; k >= 0; k--) {
                coordinate[k] = rest % shape[k];
                rest /= shape[k];
            }
            for (int k = 0; k < shape.length; k++) {
                at.put(indices.get(k), coordinate[k] + 1);
            }
            return at;
        }

        public boolean allFinite() {
            for (double v : values) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final Graph graph;
    private final Instance instance;
    private final Map<Expr, Value> memo = new IdentityHashMap<>();

    public Evaluator(Graph graph, Instance instance) {
        this.graph = graph;
        this.instance = instance;
    }

    /**
     * The value of {@code e} at every assignment of {@code over}, which must contain e's free
     * indices; e is constant along the other indices of {@code over}.
     */
    public Value evaluate(Expr e, List<Index> over) {
        if (new HashSet<>(over).size() != over.size()) {
            throw new IllegalArgumentException("repeated index in " + over);
        }
        if (!over.containsAll(e.freeIndices())) {
            throw new IllegalArgumentException("evaluating " + e + " over " + over + " misses free indices "
                    + e.freeIndices());
        }
        Value dense = dense(e);
        return gatherOver(over, dense);
    }

    private Value gatherOver(List<Index> over, Value dense) {
        int[] shape = shapeOf(over);
        int[] offsets = walk(shape, stridesIn(dense, over), 0);
        double[] v = new double[offsets.length];
        double[] err = new double[offsets.length];
        for (int p = 0; p < offsets.length; p++) {
            v[p] = dense.values[offsets[p]];
            err[p] = dense.errors[offsets[p]];
        }
        return new Value(over, shape, v, err);
    }

    // ---- traversal ----------------------------------------------------------------------

    /** The value of e over its own free indices, evaluating what it needs first (post-order, no recursion). */
    private Value dense(Expr root) {
        Value known = memo.get(root);
        if (known != null) {
            return known;
        }
        Deque<Expr> work = new ArrayDeque<>();
        Set<Expr> expanded = Collections.newSetFromMap(new IdentityHashMap<>());
        work.push(root);
        while (!work.isEmpty()) {
            Expr e = work.peek();
            if (memo.containsKey(e)) {
                work.pop();
                continue;
            }
            boolean ready = true;
            for (Expr need : needs(e)) {
                if (!memo.containsKey(need)) {
                    ready = false;
                    work.push(need);
                }
            }
            if (ready) {
                work.pop();
                memo.put(e, compute(e));
            } else if (!expanded.add(e)) {
                // everything pushed above e has been evaluated, unless it needs e itself
                throw new IllegalStateException("cyclic definitions reached from " + e);
            }
        }
        return memo.get(root);
    }

    /** The nodes whose values e is computed from: its operands, or a defined tensor's body. */
    private List<Expr> needs(Expr e) {
        if (e instanceof Expr.Access && !((Expr.Access) e).tensor().isLeaf()) {
            return List.of(definition(((Expr.Access) e).tensor()).body());
        }
        return Children.of(e);
    }

    private Definition definition(Tensor t) {
        Definition d = graph.definition(t);
        if (d == null) {
            throw new IllegalArgumentException("no definition of " + t + " in the graph");
        }
        return d;
    }

    private Value compute(Expr e) {
        if (e instanceof Expr.Const) {
            return constant((Expr.Const) e);
        }
        if (e instanceof Expr.DimSize) {
            return scalar(instance.size(((Expr.DimSize) e).dim()), 0);
        }
        if (e instanceof Expr.Access) {
            return access((Expr.Access) e);
        }
        if (e instanceof Expr.Delta) {
            return delta((Expr.Delta) e);
        }
        if (e instanceof Expr.Sum) {
            return sum((Expr.Sum) e);
        }
        if (e instanceof Expr.Add || e instanceof Expr.Mul || e instanceof Expr.Pow || e instanceof Expr.Call) {
            return pointwise(e);
        }
        if (e instanceof Expr.Diff) {
            throw new IllegalStateException("internal error: " + e + " reached the evaluator; reverse mode must "
                    + "replace every diff before evaluation");
        }
        throw new AssertionError(e.getClass());
    }

    // ---- leaves and gathers ---------------------------------------------------------------

    private static Value scalar(double v, double err) {
        return new Value(List.of(), new int[0], new double[] {v}, new double[] {err});
    }

    private static Value constant(Expr.Const c) {
        double v = c.doubleValue();
        return scalar(v, c.isExactDouble() ? 0 : EPS * Math.abs(v) + underflow(v));
    }

    private Value access(Expr.Access a) {
        Tensor t = a.tensor();
        double[] source;
        double[] sourceErrors;
        int[] slotStrides = new int[t.rank()];
        if (t.isLeaf()) {
            source = instance.values(t);
            sourceErrors = null;
            int stride = 1;
            for (int k = t.rank() - 1; k >= 0; k--) {
                slotStrides[k] = stride;
                stride *= instance.size(t.shape().get(k));
            }
        } else {
            Definition d = definition(t);
            Value body = memo.get(d.body());
            if (!d.indices().containsAll(body.indices())) {
                throw new IllegalStateException("the body of " + d + " has free indices beyond " + d.indices());
            }
            source = body.values();
            sourceErrors = body.errors();
            for (int k = 0; k < t.rank(); k++) {
                slotStrides[k] = body.strideOf(d.indices().get(k));
            }
        }
        List<Index> over = new ArrayList<>(a.freeIndices());
        int[] strides = new int[over.size()];
        int base = 0;
        for (int k = 0; k < t.rank(); k++) {
            Subscript s = a.subscripts().get(k);
            Dim slotDim = t.shape().get(k);
            if (s instanceof Position) {
                int p = ((Position) s).value();
                if (p > instance.size(slotDim)) {
                    throw new IllegalArgumentException("position " + p + " in " + a + " is out of range: "
                            + slotDim + " = " + instance.size(slotDim));
                }
                base += (p - 1) * slotStrides[k];
            } else {
                Index i = (Index) s;
                if (!i.dim().equals(slotDim)) {
                    throw new IllegalArgumentException("index " + i + " ranges over " + i.dim() + " but slot "
                            + (k + 1) + " of " + t + " is over " + slotDim);
                }
                // a repeated index adds its slots' strides: the diagonal
                strides[over.indexOf(i)] += slotStrides[k];
            }
        }
        int[] shape = shapeOf(over);
        int[] offsets = walk(shape, strides, base);
        double[] v = new double[offsets.length];
        double[] err = new double[offsets.length];
        for (int p = 0; p < offsets.length; p++) {
            v[p] = source[offsets[p]];
            err[p] = sourceErrors == null ? 0 : sourceErrors[offsets[p]];
        }
        return new Value(over, shape, v, err);
    }

    private Value delta(Expr.Delta d) {
        List<Index> over = new ArrayList<>(d.freeIndices());
        int[] shape = shapeOf(over);
        int n = product(shape);
        Value frame = new Value(over, shape, new double[n], new double[n]);
        for (int p = 0; p < n; p++) {
            Map<Index, Integer> at = frame.assignment(p);
            frame.values()[p] = position(d.left(), at) == position(d.right(), at) ? 1 : 0;
        }
        return frame;
    }

    private static int position(Subscript s, Map<Index, Integer> at) {
        return s instanceof Position ? ((Position) s).value() : at.get((Index) s);
    }

    // ---- arithmetic with running error bounds ----------------------------------------------

    /**
     * A sum of terms in order, each addition rounding by at most eps times its result:
     * err = Σ err_i + eps Σ_{k≥2} |s_k| over the partial sums s_k.
     */
    private Value sum(Expr.Sum s) {
        List<Index> over = new ArrayList<>(s.freeIndices());
        List<Index> withBound = new ArrayList<>(over);
        withBound.add(s.index());
        int[] fullShape = shapeOf(withBound);
        Value body = memo.get(s.body());
        int[] offsets = walk(fullShape, stridesIn(body, withBound), 0);
        int n = fullShape[fullShape.length - 1];
        int m = n == 0 ? 0 : offsets.length / n;
        double[] v = new double[m];
        double[] err = new double[m];
        for (int p = 0; p < m; p++) {
            double total = 0;
            double propagated = 0;
            double partials = 0;
            for (int k = 0; k < n; k++) {
                int o = offsets[p * n + k];
                total += body.values()[o];
                propagated += body.errors()[o];
                if (k > 0) {
                    partials += Math.abs(total);
                }
            }
            v[p] = total;
            err[p] = propagated + EPS * partials;
        }
        return new Value(over, shapeOf(over), v, err);
    }

    /** Add, Mul, Pow and Call: element by element over the node's free indices. */
    private Value pointwise(Expr e) {
        List<Index> over = new ArrayList<>(e.freeIndices());
        int[] shape = shapeOf(over);
        List<Expr> ops = Children.of(e);
        int[][] offsets = new int[ops.size()][];
        Value[] args = new Value[ops.size()];
        for (int k = 0; k < ops.size(); k++) {
            args[k] = memo.get(ops.get(k));
            offsets[k] = walk(shape, stridesIn(args[k], over), 0);
        }
        int n = product(shape);
        double[] v = new double[n];
        double[] err = new double[n];
        double[] a = new double[ops.size()];
        double[] ea = new double[ops.size()];
        double[] out = new double[2];
        for (int p = 0; p < n; p++) {
            boolean finite = true;
            for (int k = 0; k < ops.size(); k++) {
                a[k] = args[k].values()[offsets[k][p]];
                ea[k] = args[k].errors()[offsets[k][p]];
                finite &= Double.isFinite(a[k]);
            }
            if (!finite) {
                // undefined, or beyond the double range: never a finite value again (exp(-1/0) is not 0),
                // so that the point goes to high precision
                v[p] = Double.NaN;
                err[p] = Double.NaN;
                continue;
            }
            if (e instanceof Expr.Add) {
                add(a, ea, out);
            } else if (e instanceof Expr.Mul) {
                multiply(a, ea, out);
            } else if (e instanceof Expr.Pow) {
                power(a[0], ea[0], a[1], ea[1], out);
            } else {
                call(((Expr.Call) e).fn(), a[0], ea[0], out);
            }
            v[p] = out[0];
            err[p] = out[1];
        }
        return new Value(over, shape, v, err);
    }

    private static void add(double[] a, double[] ea, double[] out) {
        double total = a[0];
        double propagated = ea[0];
        double partials = 0;
        for (int k = 1; k < a.length; k++) {
            total += a[k];
            propagated += ea[k];
            partials += Math.abs(total);
        }
        out[0] = total;
        out[1] = propagated + EPS * partials;
    }

    /** err = Σ_i err_i Π_{k≠i} |a_k| + (n−1)(eps |product| + eta). */
    private static void multiply(double[] a, double[] ea, double[] out) {
        int n = a.length;
        double product = 1;
        for (double x : a) {
            product *= x;
        }
        // |a_k| products before and after each position, so that Π_{k≠i} needs no division
        double[] before = new double[n + 1];
        before[0] = 1;
        for (int k = 0; k < n; k++) {
            before[k + 1] = before[k] * Math.abs(a[k]);
        }
        double after = 1;
        double propagated = 0;
        for (int i = n - 1; i >= 0; i--) {
            propagated += propagate(before[i] * after, ea[i]);
            after *= Math.abs(a[i]);
        }
        out[0] = product;
        boolean zeroFactor = false;
        for (double x : a) {
            zeroFactor |= x == 0;
        }
        out[1] = propagated + (n - 1) * (EPS * Math.abs(product) + (zeroFactor ? 0 : underflow(product)));
    }

    /** err = |b a^(b−1)| err_a + |a^b ln a| err_b + eps |a^b|. */
    private static void power(double a, double ea, double b, double eb, double[] out) {
        double v = Math.pow(a, b);
        double err = propagate(b * Math.pow(a, b - 1), ea) + EPS * Math.abs(v) + (a == 0 ? 0 : underflow(v));
        if (v != 0) {
            err += propagate(v * Math.log(Math.abs(a)), eb);
        }
        out[0] = v;
        out[1] = err;
    }

    /**
     * err = |f'(a)| err_a + 2 eps |f(a)|. For the step-like functions f' is 0 but a value within
     * its error of the jump may land on either side, so the whole jump is the error there.
     */
    private static void call(Fn fn, double a, double ea, double[] out) {
        double v = fn.apply(a);
        double err;
        if (fn.smoothness() == Fn.Smoothness.JUMP) {
            err = Math.abs(a) < ea ? fn.jump() : 0;
        } else {
            err = propagate(fn.errorSlope(a), ea);
        }
        out[0] = v;
        out[1] = err + 2 * EPS * Math.abs(v) + (a == 0 || fn.isPiecewiseLinear() ? 0 : underflow(v));
    }

    /** The absolute error a result this small may carry from underflow: none above the normal range. */
    private static double underflow(double v) {
        return Math.abs(v) < Double.MIN_NORMAL ? ETA : 0;
    }

    /** |slope| · err, where no error propagates nothing even through an infinite slope. */
    private static double propagate(double slope, double err) {
        if (err == 0) {
            return 0;
        }
        double t = Math.abs(slope) * err;
        return Double.isNaN(t) ? Double.POSITIVE_INFINITY : t;
    }

    // ---- dense index arithmetic -------------------------------------------------------------

    private int[] shapeOf(List<Index> indices) {
        int[] shape = new int[indices.size()];
        for (int k = 0; k < shape.length; k++) {
            shape[k] = instance.size(indices.get(k).dim());
        }
        return shape;
    }

    private static int[] stridesIn(Value v, List<Index> over) {
        int[] strides = new int[over.size()];
        for (int k = 0; k < strides.length; k++) {
            strides[k] = v.strideOf(over.get(k));
        }
        return strides;
    }

    private static int product(int[] shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    /** For every row-major position of {@code shape}, base + Σ coordinate_k · strides_k. */
    private static int[] walk(int[] shape, int[] strides, int base) {
        int[] out = new int[product(shape)];
        int[] counter = new int[shape.length];
        int offset = base;
        for (int p = 0; p < out.length; p++) {
            out[p] = offset;
            for (int k = shape.length - 1; k >= 0; k--) {
                counter[k]++;
                offset += strides[k];
                if (counter[k] < shape[k]) {
                    break;
                }
                offset -= strides[k] * shape[k];
                counter[k] = 0;
            }
        }
        return out;
    }
}
