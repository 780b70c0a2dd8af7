package dev.nabla.oracle;

import dev.nabla.ir.Dim;
import dev.nabla.ir.Tensor;
import dev.nabla.sema.ValueDomain;
import dev.nabla.verify.Counterexample;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One point of a formula file: a size for every dim and values for every leaf, as the
 * verifier samples them. Values are row-major (first index outermost), and every accessor
 * copies, so an instance never changes: {@link #with} makes a changed one. Made by
 * {@link Oracle#instances()} or {@link Oracle#instance(Map)}; it prints as the body of an
 * {@code example} block, which jqwik shows for a failing sample.
 */
public final class Instance {
    private final Space space;
    private final dev.nabla.ir.Instance point;

    Instance(Space space, dev.nabla.ir.Instance point) {
        this.space = space;
        this.point = point;
    }

    Space space() {
        return space;
    }

    dev.nabla.ir.Instance point() {
        return point;
    }

    /** The size of a dim. */
    public int size(String dim) {
        return point.size(space.dim(dim));
    }

    /** Every dim's size, in declaration order. */
    public Map<String, Integer> sizes() {
        Map<String, Integer> out = new LinkedHashMap<>();
        space.dims().forEach((name, d) -> out.put(name, point.size(d)));
        return out;
    }

    /** A leaf's values, row-major: a scalar is one element, {@code w[q, l]} is q rows of l. */
    public double[] value(String leaf) {
        return point.values(space.leaf(leaf)).clone();
    }

    /** A scalar leaf's value. */
    public double scalar(String leaf) {
        Tensor t = space.leaf(leaf);
        if (t.rank() != 0) {
            throw new IllegalStateException(leaf + " has rank " + t.rank() + ", not 0");
        }
        return point.values(t)[0];
    }

    /** A leaf of rank 2 as rows: {@code matrix("w")[h][j]} is {@code w[h+1, j+1]}. */
    public double[][] matrix(String leaf) {
        Tensor t = space.leaf(leaf);
        return RowMajor.matrix(leaf, shape(t), point.values(t));
    }

    /**
     * This instance with other values for one leaf, row-major, each inside the leaf's declared
     * domain; a {@code const} with a fixed value keeps it.
     */
    public Instance with(String leaf, double... values) {
        Tensor t = space.leaf(leaf);
        if (space.fixed(t) != null) {
            throw new IllegalArgumentException(leaf + " is fixed to " + Counterexample.show(space.fixed(t))
                    + " by its declaration");
        }
        int expected = point.elements(t.shape());
        if (values.length != expected) {
            throw new IllegalArgumentException(leaf + t.shape() + " has " + expected + " elements at these sizes, not "
                    + values.length);
        }
        ValueDomain domain = space.domain(t);
        for (int k = 0; k < values.length; k++) {
            if (!domain.contains(values[k])) {
                throw new IllegalArgumentException(Counterexample.show(values[k]) + " (element " + k + " of " + leaf
                        + ") is outside its declared domain");
            }
        }
        return new Instance(space, point.withValues(t, values.clone()));
    }

    /** This instance with other values for a leaf of rank 2, given as rows. */
    public Instance with(String leaf, double[][] rows) {
        int[] shape = shape(space.leaf(leaf));
        if (shape.length != 2) {
            throw new IllegalArgumentException(leaf + " has rank " + shape.length + ", not 2");
        }
        return with(leaf, RowMajor.flatten(leaf, shape[0], shape[1], rows));
    }

    int[] shape(Tensor t) {
        int[] shape = new int[t.rank()];
        for (int k = 0; k < shape.length; k++) {
            shape[k] = point.size(t.shape().get(k));
        }
        return shape;
    }

    /**
     * The body of an {@code example} block at this instance: a {@code dim} line, then one binding
     * per leaf; a fixed constant as a comment.
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        if (!space.dims().isEmpty()) {
            StringJoiner dims = new StringJoiner(", ", "dim ", "\n");
            for (Map.Entry<String, Dim> d : space.dims().entrySet()) {
                dims.add(d.getKey() + " = " + point.size(d.getValue()));
            }
            out.append(dims);
        }
        for (Map.Entry<String, Tensor> e : space.leaves().entrySet()) {
            Tensor t = e.getValue();
            String value = RowMajor.literal(shape(t), point.values(t));
            out.append(space.fixed(t) != null ? "# " + e.getKey() + " = " + value + " (fixed by its declaration)"
                    : e.getKey() + " = " + value).append('\n');
        }
        return out.toString();
    }
}
