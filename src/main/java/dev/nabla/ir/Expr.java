package dev.nabla.ir;

import org.apache.commons.math3.fraction.BigFraction;

import java.math.BigDecimal;
import java.math.MathContext;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A node of the expression DAG over indexed tensors with symbolic dims. Nodes are immutable
 * and hash-consed by {@link Ir}, the only way to make one: equal structure is the same object,
 * so {@code ==} is equality and common subexpressions are shared by construction. Source
 * positions are kept out of the IR.
 */
public abstract sealed class Expr permits Expr.Const, Expr.DimSize, Expr.Access, Expr.Add, Expr.Mul, Expr.Pow,
        Expr.Call, Expr.Sum, Expr.Delta, Expr.Diff {

    private final int hash;
    private final Set<Index> free;

    private Expr(int hash, Set<Index> free) {
        this.hash = hash;
        this.free = free;
    }

    /** The index variables this expression's value depends on (those not bound by a sum inside it). */
    public final Set<Index> freeIndices() {
        return free;
    }

    /** Shallow structural equality: children compared by identity, since they are interned already. */
    abstract boolean sameShape(Expr other);

    @Override
    public final int hashCode() {
        return hash;
    }

    @Override
    public final boolean equals(Object o) {
        return this == o || (o instanceof Expr && o.getClass() == getClass() && o.hashCode() == hash
                && sameShape((Expr) o));
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }

    private static Set<Index> union(List<Expr> parts) {
        if (parts.size() == 1) {
            return parts.get(0).free;
        }
        Set<Index> s = new LinkedHashSet<>();
        for (Expr e : parts) {
            s.addAll(e.free);
        }
        return frozen(s);
    }

    private static Set<Index> frozen(Set<Index> s) {
        return s.isEmpty() ? Set.of() : Collections.unmodifiableSet(s);
    }

    private static Set<Index> indicesOf(List<? extends Subscript> subs) {
        Set<Index> s = new LinkedHashSet<>();
        for (Subscript sub : subs) {
            if (sub instanceof Index) {
                s.add((Index) sub);
            }
        }
        return frozen(s);
    }

    private static boolean sameElements(List<Expr> a, List<Expr> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    private static int listHash(int seed, List<Expr> parts) {
        int h = seed;
        for (Expr e : parts) {
            h = 31 * h + System.identityHashCode(e);
        }
        return h;
    }

    /** An exact rational constant. */
    public static final class Const extends Expr {
        private final BigFraction value;
        /** Converted on first use and kept: evaluation needs it at every sample point. */
        private volatile InDouble inDouble;

        private record InDouble(double value, boolean exact) {
        }

        Const(BigFraction value) {
            super(value.hashCode() * 7 + 1, Set.of());
            this.value = value;
        }

        public BigFraction value() {
            return value;
        }

        /** The double nearest the value (through a 34-digit decimal), or an infinity beyond the double range. */
        public double doubleValue() {
            return inDouble().value();
        }

        /** Whether {@link #doubleValue} is the value itself: 1/2 is, 1/10 and 1/3 are not. */
        public boolean isExactDouble() {
            return inDouble().exact();
        }

        private InDouble inDouble() {
            InDouble d = inDouble;
            if (d == null) {
                double v = new BigDecimal(value.getNumerator())
                        .divide(new BigDecimal(value.getDenominator()), MathContext.DECIMAL128).doubleValue();
                d = new InDouble(v, Double.isFinite(v) && new BigFraction(v).equals(value));
                inDouble = d;
            }
            return d;
        }

        public boolean is(long n) {
            return value.equals(new BigFraction(n));
        }

        @Override
        boolean sameShape(Expr o) {
            return value.equals(((Const) o).value);
        }
    }

    /** A dim used as a number: its size ({@code 1/m * ...}). */
    public static final class DimSize extends Expr {
        private final Dim dim;

        DimSize(Dim dim) {
            super(dim.hashCode() * 7 + 2, Set.of());
            this.dim = dim;
        }

        public Dim dim() {
            return dim;
        }

        @Override
        boolean sameShape(Expr o) {
            return dim.equals(((DimSize) o).dim);
        }
    }

    /** An element of a named tensor: {@code w[h, j]}, {@code yhat[1]}, or a scalar {@code E}. */
    public static final class Access extends Expr {
        private final Tensor tensor;
        private final List<Subscript> subscripts;

        Access(Tensor tensor, List<Subscript> subscripts) {
            super(System.identityHashCode(tensor) * 31 + subscripts.hashCode() * 7 + 3, indicesOf(subscripts));
            this.tensor = tensor;
            this.subscripts = subscripts;
        }

        public Tensor tensor() {
            return tensor;
        }

        public List<Subscript> subscripts() {
            return subscripts;
        }

        @Override
        boolean sameShape(Expr o) {
            Access a = (Access) o;
            return tensor == a.tensor && subscripts.equals(a.subscripts);
        }
    }

    /** A sum of two or more terms, flattened and in canonical order. */
    public static final class Add extends Expr {
        private final List<Expr> terms;

        Add(List<Expr> terms) {
            super(listHash(4, terms), union(terms));
            this.terms = terms;
        }

        public List<Expr> terms() {
            return terms;
        }

        @Override
        boolean sameShape(Expr o) {
            return sameElements(terms, ((Add) o).terms);
        }
    }

    /** A product of two or more factors, flattened and in canonical order; a constant comes first. */
    public static final class Mul extends Expr {
        private final List<Expr> factors;

        Mul(List<Expr> factors) {
            super(listHash(5, factors), union(factors));
            this.factors = factors;
        }

        public List<Expr> factors() {
            return factors;
        }

        @Override
        boolean sameShape(Expr o) {
            return sameElements(factors, ((Mul) o).factors);
        }
    }

    /** {@code base ^ exponent}. */
    public static final class Pow extends Expr {
        private final Expr base;
        private final Expr exponent;

        Pow(Expr base, Expr exponent) {
            super(listHash(6, List.of(base, exponent)), union(List.of(base, exponent)));
            this.base = base;
            this.exponent = exponent;
        }

        public Expr base() {
            return base;
        }

        public Expr exponent() {
            return exponent;
        }

        @Override
        boolean sameShape(Expr o) {
            Pow p = (Pow) o;
            return base == p.base && exponent == p.exponent;
        }
    }

    /** A built-in function applied to one argument. */
    public static final class Call extends Expr {
        private final Fn fn;
        private final Expr arg;

        Call(Fn fn, Expr arg) {
            super(fn.hashCode() * 31 + System.identityHashCode(arg) + 7, arg.free);
            this.fn = fn;
            this.arg = arg;
        }

        public Fn fn() {
            return fn;
        }

        public Expr arg() {
            return arg;
        }

        @Override
        boolean sameShape(Expr o) {
            Call c = (Call) o;
            return fn == c.fn && arg == c.arg;
        }
    }

    /** {@code sum(index, body)}: the body summed over the full range of one bound index. */
    public static final class Sum extends Expr {
        private final Index index;
        private final Expr body;

        Sum(Index index, Expr body) {
            super(index.hashCode() * 31 + System.identityHashCode(body) + 8, without(body.free, index));
            this.index = index;
            this.body = body;
        }

        private static Set<Index> without(Set<Index> s, Index i) {
            Set<Index> r = new LinkedHashSet<>(s);
            r.remove(i);
            return frozen(r);
        }

        public Index index() {
            return index;
        }

        public Expr body() {
            return body;
        }

        @Override
        boolean sameShape(Expr o) {
            Sum s = (Sum) o;
            return index.equals(s.index) && body == s.body;
        }
    }

    /** The Kronecker delta of two subscripts. */
    public static final class Delta extends Expr {
        private final Subscript left;
        private final Subscript right;

        Delta(Subscript left, Subscript right) {
            super(Objects.hash(left, right) * 7 + 9, indicesOf(List.of(left, right)));
            this.left = left;
            this.right = right;
        }

        public Subscript left() {
            return left;
        }

        public Subscript right() {
            return right;
        }

        @Override
        boolean sameShape(Expr o) {
            Delta d = (Delta) o;
            return left.equals(d.left) && right.equals(d.right);
        }
    }

    /**
     * {@code diff(F, X[k...])}, the total derivative of F with respect to the tensor X at the
     * given subscripts, before reverse mode has expanded it. Nothing evaluates this node: the
     * autodiff pass replaces it by an access to an adjoint tensor.
     */
    public static final class Diff extends Expr {
        private final Expr function;
        private final Tensor variable;
        private final List<Subscript> at;

        Diff(Expr function, Tensor variable, List<Subscript> at) {
            super(System.identityHashCode(function) * 31 + System.identityHashCode(variable) * 17
                    + at.hashCode() + 10, unionWith(function.free, at));
            this.function = function;
            this.variable = variable;
            this.at = at;
        }

        private static Set<Index> unionWith(Set<Index> s, List<Subscript> at) {
            Set<Index> r = new LinkedHashSet<>(s);
            r.addAll(indicesOf(at));
            return frozen(r);
        }

        public Expr function() {
            return function;
        }

        public Tensor variable() {
            return variable;
        }

        public List<Subscript> at() {
            return at;
        }

        @Override
        boolean sameShape(Expr o) {
            Diff d = (Diff) o;
            return function == d.function && variable == d.variable && at.equals(d.at);
        }
    }
}
