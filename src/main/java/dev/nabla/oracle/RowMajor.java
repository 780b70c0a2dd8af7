package dev.nabla.oracle;

import dev.nabla.verify.Counterexample;

/** Row-major arrays (first index outermost) as nested Java arrays and as nested literals. */
final class RowMajor {
    private RowMajor() {
    }

    static double[][] matrix(String what, int[] shape, double[] values) {
        if (shape.length != 2) {
            throw new IllegalStateException(what + " has rank " + shape.length + ", not 2");
        }
        double[][] out = new double[shape[0]][shape[1]];
        for (int r = 0; r < shape[0]; r++) {
            System.arraycopy(values, r * shape[1], out[r], 0, shape[1]);
        }
        return out;
    }

    static double[] flatten(String what, int rows, int columns, double[][] matrix) {
        if (matrix.length != rows) {
            throw new IllegalArgumentException(what + " needs " + rows + " rows, not " + matrix.length);
        }
        double[] out = new double[rows * columns];
        for (int r = 0; r < rows; r++) {
            if (matrix[r].length != columns) {
                throw new IllegalArgumentException(what + " needs " + columns + " columns, not " + matrix[r].length
                        + " in row " + r);
            }
            System.arraycopy(matrix[r], 0, out, r * columns, columns);
        }
        return out;
    }

    /** The values as a nested list literal of the language ({@code [[1, 0.5], [0, -1]]}); a scalar bare. */
    static String literal(int[] shape, double[] values) {
        StringBuilder out = new StringBuilder();
        append(out, shape, values, 0, 0);
        return out.toString();
    }

    private static int append(StringBuilder out, int[] shape, double[] values, int slot, int offset) {
        if (slot == shape.length) {
            out.append(Counterexample.show(values[offset]));
            return offset + 1;
        }
        out.append('[');
        for (int k = 0; k < shape[slot]; k++) {
            if (k > 0) {
                out.append(", ");
            }
            offset = append(out, shape, values, slot + 1, offset);
        }
        out.append(']');
        return offset;
    }
}
