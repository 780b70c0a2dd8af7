package dev.nabla.train;

import dev.nabla.train.data.Rng;

/** How a run draws its initial parameters, element by element in row-major order, parameter by parameter. */
public enum Init {
    /** Uniform in (0, 1), step (1) of the book's algorithm (5.8): every weight and threshold. */
    UNIFORM,
    /**
     * Glorot and Bengio's (2010) uniform scheme: a parameter of two or more dims, a weight matrix,
     * is uniform in (-a, a) with a = sqrt(6 / (fan_in + fan_out)), fan_out its last dim and fan_in
     * the product of the others; a vector or scalar, a threshold, starts at 0.
     */
    XAVIER;

    /** Fills {@code values}, a parameter of the given shape, with initial values. */
    public void draw(double[] values, int[] shape, Rng rng) {
        if (this == UNIFORM) {
            for (int i = 0; i < values.length; i++) {
                double u;
                do {
                    u = rng.nextDouble();
                } while (u == 0); // open at 0 as the book says
                values[i] = u;
            }
            return;
        }
        if (shape.length < 2) {
            java.util.Arrays.fill(values, 0);
            return;
        }
        long fanOut = shape[shape.length - 1];
        long fanIn = values.length / Math.max(1, fanOut);
        double a = Math.sqrt(6.0 / (fanIn + fanOut));
        for (int i = 0; i < values.length; i++) {
            values[i] = (2 * rng.nextDouble() - 1) * a;
        }
    }

    /** The scheme a command line names. */
    public static Init parse(String text) {
        switch (text) {
            case "uniform": return UNIFORM;
            case "xavier": return XAVIER;
            default: throw new IllegalArgumentException("unknown --init '" + text + "': uniform or xavier");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
