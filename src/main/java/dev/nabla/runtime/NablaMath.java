package dev.nabla.runtime;

/**
 * The built-in functions of nabla's formulas as generated trainers evaluate them, in forms that
 * neither overflow nor divide by zero. Each matches {@code dev.nabla.ir.Fn} in value,
 * at the kinks too (relu'(0) = 0, step(0) = 1); HotSpot inlines them.
 */
public final class NablaMath {
    private NablaMath() {
    }

    /** {@code 1 / (1 + exp(-z))}: exp(-z) may overflow to infinity, which gives exactly the limit 0. */
    public static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** {@code log(1 + exp(z))} as {@code max(z, 0) + log1p(exp(-|z|))}, finite for every finite z. */
    public static double softplus(double z) {
        return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    public static double relu(double z) {
        return z > 0 ? z : 0;
    }

    /** relu's derivative, 0 at the kink; NaN stays NaN. */
    public static double reluPrime(double z) {
        return z > 0 ? 1 : z <= 0 ? 0 : Double.NaN;
    }

    public static double step(double z) {
        return z >= 0 ? 1 : 0;
    }
}
