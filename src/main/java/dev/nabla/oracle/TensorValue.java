package dev.nabla.oracle;

import java.util.List;

/**
 * The value of a node, leaf or derivative at one instance: a dense tensor with its shape,
 * row-major (first index outermost). Accessors copy.
 */
public final class TensorValue {
    private final String name;
    private final List<String> dims;
    private final int[] shape;
    private final double[] values;

    TensorValue(String name, List<String> dims, int[] shape, double[] values) {
        this.name = name;
        this.dims = List.copyOf(dims);
        this.shape = shape.clone();
        this.values = values.clone();
    }

    /** What was evaluated: a name, {@code dE/dw}, or a formula. */
    public String name() {
        return name;
    }

    /** The dim of each slot, by name: {@code [q, l]} for {@code dE/dw} of {@code w[q, l]}. */
    public List<String> dims() {
        return dims;
    }

    /** The size of each slot; empty for a scalar. */
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Every element, row-major. */
    public double[] values() {
        return values.clone();
    }

    /** One element, by 0-based position in each slot: {@code get(h, j)} is the element at {@code [h+1, j+1]}. */
    public double get(int... position) {
        if (position.length != shape.length) {
            throw new IllegalArgumentException(name + " has rank " + shape.length + ", not " + position.length);
        }
        int offset = 0;
        for (int k = 0; k < shape.length; k++) {
            if (position[k] < 0 || position[k] >= shape[k]) {
                throw new IndexOutOfBoundsException("position " + position[k] + " of slot " + k + " of " + name
                        + ", whose size is " + shape[k]);
            }
            offset = offset * shape[k] + position[k];
        }
        return values[offset];
    }

    /** The value of a scalar. */
    public double scalar() {
        if (shape.length != 0) {
            throw new IllegalStateException(name + " has rank " + shape.length + ", not 0");
        }
        return values[0];
    }

    /** The elements of a rank-1 value. */
    public double[] vector() {
        if (shape.length != 1) {
            throw new IllegalStateException(name + " has rank " + shape.length + ", not 1");
        }
        return values.clone();
    }

    /** A rank-2 value as rows. */
    public double[][] matrix() {
        return RowMajor.matrix(name, shape, values);
    }

    /** {@code name = } the value as a nested list literal. */
    @Override
    public String toString() {
        return name + " = " + RowMajor.literal(shape, values);
    }
}
