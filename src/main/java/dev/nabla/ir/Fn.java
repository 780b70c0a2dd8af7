package dev.nabla.ir;

import dev.nabla.sema.Builtin;

import java.util.Locale;

/**
 * The built-in one-argument functions in the IR: the language's {@link Builtin}s, whose values
 * they take from there, plus {@link #RELU_PRIME}, relu's derivative, kept as a
 * function of its own because it is not expressible through the others with relu'(0) = 0
 * (PyTorch's convention at the kink; likewise abs'(0) = sign(0) = 0).
 */
public enum Fn {
    EXP, LOG, SQRT, ABS, SIGN, STEP, SIGMOID, TANH, RELU, SOFTPLUS, SIN, COS, RELU_PRIME("relu'");

    private final String spelling;

    Fn() {
        this.spelling = name().toLowerCase(Locale.ROOT);
    }

    Fn(String spelling) {
        this.spelling = spelling;
    }

    /** How the function is written in a {@code .nabla} file. */
    public String spelling() {
        return spelling;
    }

    /** The built-in called {@code name} in source, or null. */
    public static Fn bySpelling(String name) {
        Builtin b = Builtin.named(name);
        return b == null ? null : valueOf(b.name());
    }

    /**
     * The local partial {@code f'(u)}: the one table of derivative rules, written over the
     * output {@code y = f(u)} where that is cheaper (σ' = y(1 − y), tanh' = 1 − y², exp' = y), so
     * that reverse mode reuses the forward node by name instead of recomputing it.
     *
     * @param u      the argument
     * @param output {@code f(u)} itself, or the forward node that names it
     */
    public Expr derivative(Expr u, Expr output) {
        switch (this) {
            case EXP: return output;
            case LOG: return Ir.pow(u, -1);
            case SQRT: return Ir.mul(Ir.constant(new org.apache.commons.math3.fraction.BigFraction(1, 2)),
                    Ir.pow(output, -1));
            case ABS: return Ir.call(SIGN, u);
            case SIGN: case STEP: case RELU_PRIME: return Ir.ZERO;
            case SIGMOID: return Ir.mul(output, Ir.sub(Ir.ONE, output));
            case TANH: return Ir.sub(Ir.ONE, Ir.pow(output, 2));
            case RELU: return Ir.call(RELU_PRIME, u);
            case SOFTPLUS: return Ir.call(SIGMOID, u);
            case SIN: return Ir.call(COS, u);
            case COS: return Ir.neg(Ir.call(SIN, u));
            default: throw new AssertionError(this);
        }
    }

    public double apply(double x) {
        if (this == RELU_PRIME) {
            return x > 0 ? 1 : x <= 0 ? 0 : Double.NaN;
        }
        return Builtin.valueOf(name()).apply(x);
    }

    /** The numeric derivative {@code f'(x)}, by the same convention at kinks. */
    public double derivativeAt(double x) {
        return this == RELU_PRIME ? 0 : Builtin.valueOf(name()).derivative(x);
    }
}
