package dev.nabla.sema;

import java.util.Locale;

/**
 * The built-in functions of the language, each of one argument: the one numeric table of their
 * values and derivatives (the IR's {@code Fn} adds the symbolic derivative rules and evaluates
 * through this). At a kink the derivative follows PyTorch: abs'(0) = relu'(0) = 0.
 */
public enum Builtin {
    EXP, LOG, SQRT, ABS, SIGN, STEP, SIGMOID, TANH, RELU, SOFTPLUS, SIN, COS;

    /** Every built-in takes exactly this many arguments. */
    public static final int ARITY = 1;

    /** The name as written in source ({@code sigmoid}). */
    public String functionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The built-in called {@code name}, or null if there is none. */
    public static Builtin named(String name) {
        for (Builtin b : values()) {
            if (b.functionName().equals(name)) {
                return b;
            }
        }
        return null;
    }

    public double apply(double x) {
        switch (this) {
            case EXP: return Math.exp(x);
            case LOG: return Math.log(x);
            case SQRT: return Math.sqrt(x);
            case ABS: return Math.abs(x);
            case SIGN: return Math.signum(x);
            case STEP: return x >= 0 ? 1 : 0;
            case SIGMOID: return sigmoid(x);
            case TANH: return Math.tanh(x);
            case RELU: return x > 0 ? x : 0;
            // log1p(exp(-|x|)) keeps softplus finite for large |x|
            case SOFTPLUS: return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
            case SIN: return Math.sin(x);
            case COS: return Math.cos(x);
            default: throw new IllegalStateException("no value for built-in " + this);
        }
    }

    /** The derivative {@code f'(x)}. */
    public double derivative(double x) {
        switch (this) {
            case EXP: return Math.exp(x);
            case LOG: return 1 / x;
            case SQRT: return 0.5 / Math.sqrt(x);
            case ABS: return Math.signum(x);
            case SIGN: return 0;
            case STEP: return 0;
            case SIGMOID: {
                double s = sigmoid(x);
                return s * (1 - s);
            }
            case TANH: {
                double t = Math.tanh(x);
                return 1 - t * t;
            }
            case RELU: return x > 0 ? 1 : 0;
            case SOFTPLUS: return sigmoid(x);
            case SIN: return Math.cos(x);
            case COS: return -Math.sin(x);
            default: throw new IllegalStateException("no derivative for built-in " + this);
        }
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
