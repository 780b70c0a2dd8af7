package dev.nabla.ir;

import java.util.Comparator;
import java.util.List;

/**
 * The structural order in which commutative arguments are kept: numbers first, then dims,
 * tensor elements by name, deltas, calls, sums and compound terms; a power sorts by its base
 * and a term by its non-numeric part, so {@code x * x^2 * y} and {@code 2*a + b} read naturally.
 * It depends only on structure, never on creation order, so output is stable across runs.
 */
public final class Order implements Comparator<Expr> {
    public static final Order INSTANCE = new Order();

    private Order() {
    }

    @Override
    public int compare(Expr a, Expr b) {
        if (a == b) {
            return 0;
        }
        int byKey = full(key(a), key(b));
        return byKey != 0 ? byKey : full(a, b);
    }

    /**
     * The part of a factor or term that decides its place: a power's base, a term's non-numeric
     * part, a sum's first non-numeric term (so {@code b[h] * (1 - b[h])} stays together).
     */
    private static Expr key(Expr e) {
        if (e instanceof Expr.Add) {
            for (Expr t : ((Expr.Add) e).terms()) {
                if (!(t instanceof Expr.Const)) {
                    return key(t);
                }
            }
        }
        if (e instanceof Expr.Pow) {
            return key(((Expr.Pow) e).base());
        }
        if (e instanceof Expr.Mul) {
            List<Expr> f = ((Expr.Mul) e).factors();
            if (f.get(0) instanceof Expr.Const) {
                return f.size() == 2 ? key(f.get(1)) : Ir.mulOfCanonical(f.subList(1, f.size()));
            }
        }
        return e;
    }

    private static int rank(Expr e) {
        if (e instanceof Expr.Const) return 0;
        if (e instanceof Expr.DimSize) return 1;
        if (e instanceof Expr.Access) return 2;
        if (e instanceof Expr.Delta) return 3;
        if (e instanceof Expr.Call) return 4;
        if (e instanceof Expr.Pow) return 5;
        if (e instanceof Expr.Add) return 6;
        if (e instanceof Expr.Sum) return 7;
        if (e instanceof Expr.Mul) return 8;
        return 9;
    }

    private int full(Expr a, Expr b) {
        if (a == b) {
            return 0;
        }
        int r = Integer.compare(rank(a), rank(b));
        if (r != 0) {
            return r;
        }
        if (a instanceof Expr.Const) {
            return ((Expr.Const) a).value().compareTo(((Expr.Const) b).value());
        }
        if (a instanceof Expr.DimSize) {
            return ((Expr.DimSize) a).dim().name().compareTo(((Expr.DimSize) b).dim().name());
        }
        if (a instanceof Expr.Access) {
            Expr.Access x = (Expr.Access) a;
            Expr.Access y = (Expr.Access) b;
            int c = x.tensor().name().compareTo(y.tensor().name());
            return c != 0 ? c : subscripts(x.subscripts(), y.subscripts());
        }
        if (a instanceof Expr.Delta) {
            Expr.Delta x = (Expr.Delta) a;
            Expr.Delta y = (Expr.Delta) b;
            int c = subscript(x.left(), y.left());
            return c != 0 ? c : subscript(x.right(), y.right());
        }
        if (a instanceof Expr.Call) {
            Expr.Call x = (Expr.Call) a;
            Expr.Call y = (Expr.Call) b;
            int c = x.fn().compareTo(y.fn());
            return c != 0 ? c : compare(x.arg(), y.arg());
        }
        if (a instanceof Expr.Pow) {
            Expr.Pow x = (Expr.Pow) a;
            Expr.Pow y = (Expr.Pow) b;
            int c = compare(x.base(), y.base());
            return c != 0 ? c : compare(x.exponent(), y.exponent());
        }
        if (a instanceof Expr.Add) {
            return lexicographic(((Expr.Add) a).terms(), ((Expr.Add) b).terms());
        }
        if (a instanceof Expr.Mul) {
            return lexicographic(((Expr.Mul) a).factors(), ((Expr.Mul) b).factors());
        }
        if (a instanceof Expr.Sum) {
            Expr.Sum x = (Expr.Sum) a;
            Expr.Sum y = (Expr.Sum) b;
            int c = compare(x.body(), y.body());
            return c != 0 ? c : index(x.index(), y.index());
        }
        Expr.Diff x = (Expr.Diff) a;
        Expr.Diff y = (Expr.Diff) b;
        int c = compare(x.function(), y.function());
        if (c == 0) {
            c = x.variable().name().compareTo(y.variable().name());
        }
        return c != 0 ? c : subscripts(x.at(), y.at());
    }

    private int lexicographic(List<Expr> a, List<Expr> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    static int subscripts(List<Subscript> a, List<Subscript> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = subscript(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /** Positions before index variables; positions by value, variables by name then dim. */
    static int subscript(Subscript a, Subscript b) {
        if (a instanceof Position && b instanceof Position) {
            return Integer.compare(((Position) a).value(), ((Position) b).value());
        }
        if (a instanceof Position) {
            return -1;
        }
        if (b instanceof Position) {
            return 1;
        }
        return index((Index) a, (Index) b);
    }

    static int index(Index a, Index b) {
        int c = a.name().compareTo(b.name());
        return c != 0 ? c : a.dim().name().compareTo(b.dim().name());
    }
}
