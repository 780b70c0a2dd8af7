package dev.nabla.ir;

import org.apache.commons.math3.fraction.BigFraction;

import java.util.Locale;

/**
 * The built-in one-argument functions: the one table of what is known about each, read by name
 * resolution, lowering, constant folding, evaluation and its error bounds, reverse mode, the
 * canonical form and the Java emitter. At a kink the derivative follows PyTorch: abs'(0) =
 * relu'(0) = 0. {@link #RELU_PRIME}, relu's derivative, is a function of its own because it is
 * not expressible through the others with relu'(0) = 0; source writes it {@code relu'(u)}.
 */
public enum Fn {
    EXP("Math.exp", Parity.NONE, Smoothness.SMOOTH) {
        @Override public double apply(double x) { return Math.exp(x); }
        @Override public double derivativeAt(double x) { return Math.exp(x); }
        @Override public Expr derivative(Expr u, Expr y) { return y; }
        @Override Expr fold(BigFraction c) { return sign(c) == 0 ? Ir.ONE : null; }
    },
    LOG("Math.log", Parity.NONE, Smoothness.SMOOTH) {
        @Override public double apply(double x) { return Math.log(x); }
        @Override public double derivativeAt(double x) { return 1 / x; }
        @Override public Expr derivative(Expr u, Expr y) { return Ir.pow(u, -1); }
        @Override Expr fold(BigFraction c) {
            return c.equals(BigFraction.ONE) ? Ir.ZERO : sign(c) <= 0 ? Ir.UNDEFINED : null;
        }
    },
    SQRT("Math.sqrt", Parity.NONE, Smoothness.SMOOTH) {
        @Override public double apply(double x) { return Math.sqrt(x); }
        @Override public double derivativeAt(double x) { return 0.5 / Math.sqrt(x); }
        @Override public Expr derivative(Expr u, Expr y) {
            return Ir.mul(Ir.constant(new BigFraction(1, 2)), Ir.pow(y, -1));
        }
        @Override Expr fold(BigFraction c) { return sign(c) == 0 ? Ir.ZERO : sign(c) < 0 ? Ir.UNDEFINED : null; }
    },
    ABS("Math.abs", Parity.EVEN, Smoothness.KINK) {
        @Override public double apply(double x) { return Math.abs(x); }
        @Override public double derivativeAt(double x) { return Math.signum(x); }
        @Override public Expr derivative(Expr u, Expr y) { return Ir.call(SIGN, u); }
        @Override Expr fold(BigFraction c) { return Ir.constant(c.abs()); }
        @Override public double errorSlope(double x) { return 1; }
    },
    SIGN("Math.signum", Parity.ODD, Smoothness.JUMP) {
        @Override public double apply(double x) { return Math.signum(x); }
        @Override public double derivativeAt(double x) { return 0; }
        @Override public Expr derivative(Expr u, Expr y) { return Ir.ZERO; }
        @Override Expr fold(BigFraction c) { return Ir.constant(sign(c)); }
    },
    STEP("NablaMath.step", Parity.NONE, Smoothness.JUMP) {
        @Override public double apply(double x) { return x >= 0 ? 1 : 0; }
        @Override public double derivativeAt(double x) { return 0; }
        @Override public Expr derivative(Expr u, Expr y) { return Ir.ZERO; }
        @Override Expr fold(BigFraction c) { return Ir.constant(sign(c) >= 0 ? 1 : 0); }
    },
    SIGMOID("NablaMath.sigmoid", Parity.NONE, Smoothness.SMOOTH) {
        @Override public double apply(double x) { return sigmoid(x); }
        @Override public double derivativeAt(double x) {
            double s = sigmoid(x);
            return s * (1 - s);
        }
        @Override public Expr derivative(Expr u, Expr y) { return Ir.mul(y, Ir.sub(Ir.ONE, y)); }
        @Override Expr fold(BigFraction c) { return sign(c) == 0 ? Ir.constant(new BigFraction(1, 2)) : null; }
    },
    TANH("Math.tanh", Parity.ODD, Smoothness.SMOOTH) {
        @Override public double apply(double x) { return Math.tanh(x); }
        @Override public double derivativeAt(double x) {
            double t = Math.tanh(x);
            return 1 - t * t;
        }
        @Override public Expr derivative(Expr u, Expr y) { return Ir.sub(Ir.ONE, Ir.pow(y, 2)); }
        @Override Expr fold(BigFraction c) { return sign(c) == 0 ? Ir.ZERO : null; }
    },
    RELU("NablaMath.relu", Parity.NONE, Smoothness.KINK) {
        @Override public double apply(double x) { return x > 0 ? x : 0; }
        @Override public double derivativeAt(double x) { return x > 0 ? 1 : 0; }
        @Override public Expr derivative(Expr u, Expr y) { return Ir.call(RELU_PRIME, u); }
        @Override Expr fold(BigFraction c) { return sign(c) > 0 ? Ir.constant(c) : Ir.ZERO; }
        @Override public double errorSlope(double x) { return x >= 0 ? 1 : 0; }
    },
    SOFTPLUS("NablaMath.softplus", Parity.NONE, Smoothness.SMOOTH) {
        // log1p(exp(-|x|)) keeps softplus finite for large |x|
        @Override public double apply(double x) { return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))); }
        @Override public double derivativeAt(double x) { return sigmoid(x); }
        @Override public Expr derivative(Expr u, Expr y) { return Ir.call(SIGMOID, u); }
    },
    SIN("Math.sin", Parity.ODD, Smoothness.SMOOTH) {
        @Override public double apply(double x) { return Math.sin(x); }
        @Override public double derivativeAt(double x) { return Math.cos(x); }
        @Override public Expr derivative(Expr u, Expr y) { return Ir.call(COS, u); }
        @Override Expr fold(BigFraction c) { return sign(c) == 0 ? Ir.ZERO : null; }
    },
    COS("Math.cos", Parity.EVEN, Smoothness.SMOOTH) {
        @Override public double apply(double x) { return Math.cos(x); }
        @Override public double derivativeAt(double x) { return -Math.sin(x); }
        @Override public Expr derivative(Expr u, Expr y) { return Ir.neg(Ir.call(SIN, u)); }
        @Override Expr fold(BigFraction c) { return sign(c) == 0 ? Ir.ONE : null; }
    },
    RELU_PRIME("NablaMath.reluPrime", Parity.NONE, Smoothness.JUMP) {
        @Override public double apply(double x) { return x > 0 ? 1 : x <= 0 ? 0 : Double.NaN; }
        @Override public double derivativeAt(double x) { return 0; }
        @Override public Expr derivative(Expr u, Expr y) { return Ir.ZERO; }
        @Override Expr fold(BigFraction c) { return Ir.constant(sign(c) > 0 ? 1 : 0); }
        @Override public String spelling() { return "relu'"; }
        @Override public boolean isNamedInSource() { return false; }
    };

    /** Every built-in takes exactly this many arguments. */
    public static final int ARITY = 1;

    /** How f(−u) relates to f(u), for the canonical form's sign normalization. */
    public enum Parity {
        /** f(−u) = −f(u). */
        ODD,
        /** f(−u) = f(u). */
        EVEN,
        NONE
    }

    /** Where the function is not differentiable: nowhere, at a kink at 0, or at a jump at 0. */
    public enum Smoothness { SMOOTH, KINK, JUMP }

    /**
     * The exact values a function takes over the whole line: an interval whose ends are included
     * where {@code loClosed}/{@code hiClosed}, and null where it is unbounded.
     */
    public record Range(BigFraction lo, boolean loClosed, BigFraction hi, boolean hiClosed) {
        static final Range ALL = new Range(null, false, null, false);
    }

    /** The values f takes: exp and softplus are positive, sigmoid lies in (0, 1), and so on. */
    public Range range() {
        BigFraction zero = BigFraction.ZERO;
        BigFraction one = BigFraction.ONE;
        switch (this) {
            case EXP: case SOFTPLUS: return new Range(zero, false, null, false);
            case SIGMOID: return new Range(zero, false, one, false);
            case SQRT: case ABS: case RELU: return new Range(zero, true, null, false);
            case STEP: case RELU_PRIME: return new Range(zero, true, one, true);
            case TANH: return new Range(BigFraction.MINUS_ONE, false, one, false);
            case SIGN: case SIN: case COS: return new Range(BigFraction.MINUS_ONE, true, one, true);
            default: return Range.ALL;
        }
    }

    private final String java;
    private final Parity parity;
    private final Smoothness smoothness;

    Fn(String java, Parity parity, Smoothness smoothness) {
        this.java = java;
        this.parity = parity;
        this.smoothness = smoothness;
    }

    /** The value f(x) in double precision. */
    public abstract double apply(double x);

    /** The numeric derivative {@code f'(x)}, by PyTorch's convention at kinks. */
    public abstract double derivativeAt(double x);

    /**
     * The local partial {@code f'(u)}: the one table of derivative rules, written over the
     * output {@code y = f(u)} where that is cheaper (σ' = y(1 − y), tanh' = 1 − y², exp' = y), so
     * that reverse mode reuses the forward node by name instead of recomputing it.
     *
     * @param u the argument
     * @param y {@code f(u)} itself, or the forward node that names it
     */
    public abstract Expr derivative(Expr u, Expr y);

    /**
     * f at an exact constant where the result is an exact rational, {@link Ir#UNDEFINED} where
     * the constant is outside the domain, otherwise null (the call stays symbolic).
     */
    Expr fold(BigFraction c) {
        return null;
    }

    /** How the function is written in a {@code .nabla} file. */
    public String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether source calls it by {@link #spelling}; relu' is written as relu's derivative instead. */
    public boolean isNamedInSource() {
        return true;
    }

    /** The built-in called {@code name} in source, or null. */
    public static Fn bySpelling(String name) {
        for (Fn f : values()) {
            if (f.isNamedInSource() && f.spelling().equals(name)) {
                return f;
            }
        }
        return null;
    }

    /** The Java static method that generated code calls for it ({@code Math.exp}, {@code NablaMath.sigmoid}). */
    public String java() {
        return java;
    }

    public Parity parity() {
        return parity;
    }

    public Smoothness smoothness() {
        return smoothness;
    }

    /** Whether it is linear on each side of 0: true for the kinks and jumps, which underflow nothing. */
    public boolean isPiecewiseLinear() {
        return smoothness != Smoothness.SMOOTH;
    }

    /** The size of the jump at 0, f(1) − f(−1), for a function with a {@link Smoothness#JUMP}; else 0. */
    public double jump() {
        return smoothness == Smoothness.JUMP ? apply(1) - apply(-1) : 0;
    }

    /**
     * The magnitude of f' near x, for rounding error propagation only: at a kink the larger
     * one-sided slope, since a perturbed argument may fall on either side.
     */
    public double errorSlope(double x) {
        return derivativeAt(x);
    }

    private static int sign(BigFraction c) {
        return c.compareTo(BigFraction.ZERO);
    }

    /** Computed on the side where exp does not overflow. */
    private static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }
}
