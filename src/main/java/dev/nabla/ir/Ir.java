package dev.nabla.ir;

import org.apache.commons.math3.fraction.BigFraction;

import java.lang.ref.WeakReference;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The only way to build IR nodes. Every node is interned, so structurally equal nodes are one
 * object. The smart constructors do only cheap rewrites that are sound over the reals wherever
 * the original is defined (SymPy's {@code Add.flatten} and {@code Mul.flatten} are the model):
 * flatten, fold exact constants, drop {@code +0} and {@code *1}, collect like terms and like
 * factors, pull factors that do not depend on a sum's index out of the sum, and keep
 * commutative arguments in {@link Order}. A number multiplies a sum as a factor
 * ({@code -(a - b)} stays so) and is spread over it only as a term of a larger sum, which
 * keeps products the same however they are grouped. Heavier rewrites live in {@code dev.nabla.simplify}.
 */
public final class Ir {
    /** Weak, so that nodes nobody uses any more can be collected; a live node stays the canonical one. */
    private static final Map<Expr, WeakReference<Expr>> POOL = new WeakHashMap<>();

    public static final Expr.Const ZERO = constant(BigFraction.ZERO);
    public static final Expr.Const ONE = constant(BigFraction.ONE);
    public static final Expr.Const MINUS_ONE = constant(BigFraction.MINUS_ONE);
    /**
     * The one node for an expression undefined at every point, {@code 0^-1}. Every constructor
     * given it returns it, so that no fold ({@code 0 * u}, {@code u - u}, {@code u^0}) turns
     * an undefined expression into a defined one: the language has no short-circuit operator.
     */
    public static final Expr UNDEFINED = intern(new Expr.Pow(ZERO, MINUS_ONE));

    private Ir() {
    }

    @SuppressWarnings("unchecked")
    private static <T extends Expr> T intern(T candidate) {
        synchronized (POOL) {
            WeakReference<Expr> ref = POOL.get(candidate);
            Expr existing = ref == null ? null : ref.get();
            if (existing != null) {
                return (T) existing;
            }
            POOL.put(candidate, new WeakReference<>(candidate));
            return candidate;
        }
    }

    // ---- leaves -----------------------------------------------------------------------

    public static Expr.Const constant(BigFraction value) {
        return intern(new Expr.Const(value));
    }

    public static Expr.Const constant(long value) {
        return constant(new BigFraction(value));
    }

    public static Expr dimSize(Dim dim) {
        return intern(new Expr.DimSize(dim));
    }

    public static Expr access(Tensor tensor, List<? extends Subscript> subscripts) {
        if (subscripts.size() != tensor.rank()) {
            throw new IllegalArgumentException(tensor.name() + " has rank " + tensor.rank() + ", given "
                    + subscripts.size() + " subscripts");
        }
        return intern(new Expr.Access(tensor, List.copyOf(subscripts)));
    }

    public static Expr access(Tensor tensor, Subscript... subscripts) {
        return access(tensor, Arrays.asList(subscripts));
    }

    public static Expr delta(Subscript a, Subscript b) {
        if (a.equals(b)) {
            return ONE;
        }
        if (a instanceof Position && b instanceof Position) {
            return ZERO;
        }
        return Order.subscript(a, b) <= 0 ? intern(new Expr.Delta(a, b)) : intern(new Expr.Delta(b, a));
    }

    public static Expr diff(Expr function, Tensor variable, List<? extends Subscript> at) {
        if (at.size() != variable.rank()) {
            throw new IllegalArgumentException(variable.name() + " has rank " + variable.rank());
        }
        return intern(new Expr.Diff(function, variable, List.copyOf(at)));
    }

    // ---- arithmetic -------------------------------------------------------------------

    public static Expr add(Expr... terms) {
        return add(Arrays.asList(terms));
    }

    public static Expr sub(Expr a, Expr b) {
        return add(a, neg(b));
    }

    public static Expr neg(Expr a) {
        return mul(MINUS_ONE, a);
    }

    public static Expr div(Expr a, Expr b) {
        return mul(a, pow(b, MINUS_ONE));
    }

    /** Flattens, sums constants, collects like terms ({@code 2*x + 3*x -> 5*x}) and orders the rest. */
    public static Expr add(List<Expr> terms) {
        BigFraction constant = BigFraction.ZERO;
        Map<Expr, BigFraction> coefficients = new LinkedHashMap<>();
        List<Expr> pending = new ArrayList<>(terms);
        for (int i = 0; i < pending.size(); i++) {
            Expr t = pending.get(i);
            if (t == UNDEFINED) {
                return UNDEFINED;
            }
            if (t instanceof Expr.Add) {
                pending.addAll(((Expr.Add) t).terms());
            } else if (isScaledSum(t)) {
                // c * (a + b) as a term is c*a + c*b, so that like terms meet: x - (x - y) = y
                Expr.Const c = (Expr.Const) ((Expr.Mul) t).factors().get(0);
                for (Expr u : ((Expr.Add) ((Expr.Mul) t).factors().get(1)).terms()) {
                    pending.add(mul(c, u));
                }
            } else if (t instanceof Expr.Const) {
                constant = constant.add(((Expr.Const) t).value());
            } else {
                coefficients.merge(withoutCoefficient(t), coefficientOf(t), BigFraction::add);
            }
        }
        List<Expr> out = new ArrayList<>();
        for (Map.Entry<Expr, BigFraction> e : coefficients.entrySet()) {
            if (!e.getValue().equals(BigFraction.ZERO)) {
                out.add(scaled(e.getValue(), e.getKey()));
            }
        }
        if (out.isEmpty()) {
            return constant(constant);
        }
        if (!constant.equals(BigFraction.ZERO)) {
            out.add(constant(constant));
        }
        if (out.size() == 1) {
            return out.get(0);
        }
        out.sort(Order.INSTANCE);
        return intern(new Expr.Add(List.copyOf(out)));
    }

    private static boolean isScaledSum(Expr t) {
        return t instanceof Expr.Mul && ((Expr.Mul) t).factors().size() == 2
                && ((Expr.Mul) t).factors().get(0) instanceof Expr.Const
                && ((Expr.Mul) t).factors().get(1) instanceof Expr.Add;
    }

    /** The numeric coefficient of a term: 3 for {@code 3*x}, 1 for {@code x}. */
    public static BigFraction coefficientOf(Expr term) {
        if (term instanceof Expr.Const) {
            return ((Expr.Const) term).value();
        }
        if (term instanceof Expr.Mul && ((Expr.Mul) term).factors().get(0) instanceof Expr.Const) {
            return ((Expr.Const) ((Expr.Mul) term).factors().get(0)).value();
        }
        return BigFraction.ONE;
    }

    /** A term without its numeric coefficient: {@code x*y} for {@code 3*x*y}. */
    public static Expr withoutCoefficient(Expr term) {
        if (term instanceof Expr.Const) {
            return ONE;
        }
        if (term instanceof Expr.Mul) {
            List<Expr> f = ((Expr.Mul) term).factors();
            if (f.get(0) instanceof Expr.Const) {
                return mulOfCanonical(f.subList(1, f.size()));
            }
        }
        return term;
    }

    /** A product of factors already flattened, collected and ordered (a sublist of a canonical product). */
    static Expr mulOfCanonical(List<Expr> factors) {
        return factors.size() == 1 ? factors.get(0) : intern(new Expr.Mul(List.copyOf(factors)));
    }

    private static Expr scaled(BigFraction c, Expr term) {
        return c.equals(BigFraction.ONE) ? term : mul(constant(c), term);
    }

    public static Expr mul(Expr... factors) {
        return mul(Arrays.asList(factors));
    }

    /**
     * Flattens, multiplies constants, collects like factors ({@code x * x^2 -> x^3}, exponents
     * that are numbers only) and orders the rest.
     */
    public static Expr mul(List<Expr> factors) {
        BigFraction coefficient = BigFraction.ONE;
        Map<Expr, BigFraction> exponents = new LinkedHashMap<>();
        List<Expr> pending = new ArrayList<>(factors);
        for (int i = 0; i < pending.size(); i++) {
            Expr f = pending.get(i);
            if (f == UNDEFINED) {
                return UNDEFINED;
            }
            if (f instanceof Expr.Mul) {
                pending.addAll(((Expr.Mul) f).factors());
            } else if (f instanceof Expr.Const) {
                coefficient = coefficient.multiply(((Expr.Const) f).value());
            } else if (f instanceof Expr.Pow && ((Expr.Pow) f).exponent() instanceof Expr.Const) {
                exponents.merge(((Expr.Pow) f).base(), ((Expr.Const) ((Expr.Pow) f).exponent()).value(),
                        BigFraction::add);
            } else {
                exponents.merge(f, BigFraction.ONE, BigFraction::add);
            }
        }
        if (coefficient.equals(BigFraction.ZERO)) {
            return ZERO;
        }
        List<Expr> out = new ArrayList<>();
        for (Map.Entry<Expr, BigFraction> e : exponents.entrySet()) {
            Expr p = pow(e.getKey(), constant(e.getValue()));
            if (p instanceof Expr.Const) {
                coefficient = coefficient.multiply(((Expr.Const) p).value());
            } else if (p instanceof Expr.Mul) {
                // (a*b)^n came apart; its factors are already canonical powers
                for (Expr q : ((Expr.Mul) p).factors()) {
                    if (q instanceof Expr.Const) {
                        coefficient = coefficient.multiply(((Expr.Const) q).value());
                    } else {
                        out.add(q);
                    }
                }
            } else {
                out.add(p);
            }
        }
        if (coefficient.equals(BigFraction.ZERO)) {
            return ZERO;
        }
        if (out.isEmpty()) {
            return constant(coefficient);
        }
        if (out.size() > 1 && hasRepeatedBase(out)) {
            // a product came apart into factors whose bases now meet: collect once more
            List<Expr> again = new ArrayList<>(out);
            again.add(constant(coefficient));
            return mul(again);
        }
        out.sort(Order.INSTANCE);
        if (!coefficient.equals(BigFraction.ONE)) {
            out.add(0, constant(coefficient));
        }
        return out.size() == 1 ? out.get(0) : intern(new Expr.Mul(List.copyOf(out)));
    }

    private static boolean hasRepeatedBase(List<Expr> factors) {
        java.util.Set<Expr> bases = new java.util.HashSet<>();
        for (Expr f : factors) {
            Expr base = f instanceof Expr.Pow && ((Expr.Pow) f).exponent() instanceof Expr.Const
                    ? ((Expr.Pow) f).base() : f;
            if (!bases.add(base)) {
                return true;
            }
        }
        return false;
    }

    public static Expr pow(Expr base, long exponent) {
        return pow(base, constant(exponent));
    }

    /**
     * {@code base ^ exponent}, folding {@code x^0 = 1}, {@code x^1 = x}, exact rational powers
     * with integer exponents, {@code (x^a)^n = x^(a n)} and {@code (x y)^n = x^n y^n} for integer n
     * (both sound wherever the left side is defined), and {@code delta^n = delta} for n ≥ 1.
     */
    public static Expr pow(Expr base, Expr exponent) {
        if (base == UNDEFINED || exponent == UNDEFINED || undefinedPower(base, exponent)) {
            return UNDEFINED;
        }
        if (exponent instanceof Expr.Const) {
            BigFraction n = ((Expr.Const) exponent).value();
            boolean integer = n.getDenominator().equals(BigInteger.ONE);
            if (n.equals(BigFraction.ZERO)) {
                return ONE;
            }
            if (n.equals(BigFraction.ONE)) {
                return base;
            }
            if (base instanceof Expr.Const) {
                BigFraction b = ((Expr.Const) base).value();
                if (b.equals(BigFraction.ONE)) {
                    return ONE;
                }
                if (integer && n.abs().compareTo(new BigFraction(64)) <= 0
                        && !(b.equals(BigFraction.ZERO) && n.compareTo(BigFraction.ZERO) < 0)) {
                    int k = n.intValue();
                    return constant(k >= 0 ? b.pow(k) : b.reciprocal().pow(-k));
                }
            }
            if (integer && base instanceof Expr.Pow && ((Expr.Pow) base).exponent() instanceof Expr.Const) {
                BigFraction inner = ((Expr.Const) ((Expr.Pow) base).exponent()).value();
                return pow(((Expr.Pow) base).base(), constant(inner.multiply(n)));
            }
            if (integer && base instanceof Expr.Mul) {
                List<Expr> powered = new ArrayList<>();
                for (Expr f : ((Expr.Mul) base).factors()) {
                    powered.add(pow(f, exponent));
                }
                return mul(powered);
            }
            if (integer && n.compareTo(BigFraction.ZERO) > 0 && base instanceof Expr.Delta) {
                return base;
            }
        }
        return intern(new Expr.Pow(base, exponent));
    }

    /** {@code 0^n} for n < 0, and a negative number to a non-integer power. */
    private static boolean undefinedPower(Expr base, Expr exponent) {
        if (!(base instanceof Expr.Const) || !(exponent instanceof Expr.Const)) {
            return false;
        }
        int sign = ((Expr.Const) base).value().compareTo(BigFraction.ZERO);
        BigFraction n = ((Expr.Const) exponent).value();
        return sign == 0 && n.compareTo(BigFraction.ZERO) < 0
                || sign < 0 && !n.getDenominator().equals(BigInteger.ONE);
    }

    /**
     * A built-in applied to an argument; folds only where the result is an exact rational, and
     * to {@link #UNDEFINED} where the argument is a number outside the function's domain.
     */
    public static Expr call(Fn fn, Expr arg) {
        if (arg == UNDEFINED) {
            return UNDEFINED;
        }
        if (arg instanceof Expr.Const) {
            Expr folded = fn.fold(((Expr.Const) arg).value());
            if (folded != null) {
                return folded;
            }
        }
        return intern(new Expr.Call(fn, arg));
    }

    public static Expr sum(List<Index> indices, Expr body) {
        Expr e = body;
        for (int k = indices.size() - 1; k >= 0; k--) {
            e = sum(indices.get(k), e);
        }
        return e;
    }

    /**
     * {@code sum(i, body)}; a body free of {@code i} becomes {@code size(i) * body}, and factors
     * of a product that do not depend on {@code i} are pulled out of the sum.
     */
    public static Expr sum(Index index, Expr body) {
        if (!body.freeIndices().contains(index)) {
            return mul(dimSize(index.dim()), body);
        }
        if (body instanceof Expr.Mul) {
            List<Expr> inside = new ArrayList<>();
            List<Expr> outside = new ArrayList<>();
            for (Expr f : ((Expr.Mul) body).factors()) {
                (f.freeIndices().contains(index) ? inside : outside).add(f);
            }
            if (!outside.isEmpty()) {
                outside.add(intern(new Expr.Sum(index, mul(inside))));
                return mul(outside);
            }
        }
        return intern(new Expr.Sum(index, body));
    }
}
