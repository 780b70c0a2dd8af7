package dev.nabla.ir;

import org.apache.commons.math3.fraction.BigFraction;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Concrete sizes for dims and values for leaves: one point at which a graph can be evaluated.
 * A leaf's values are row-major (first index outermost); a scalar is a length-1 array. The
 * arrays are shared, not copied: treat them as read-only and derive changed instances with
 * {@link #withSize} and {@link #withValues}. A leaf whose every element has a known exact value
 * (a {@code const c = 0.9}, which no double holds exactly) has it in {@code exact}, for
 * {@link PreciseEvaluator}.
 */
public record Instance(Map<Dim, Integer> sizes, Map<Tensor, double[]> values, Map<Tensor, BigFraction> exact) {

    public Instance {
        sizes = Collections.unmodifiableMap(new LinkedHashMap<>(sizes));
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        exact = Collections.unmodifiableMap(new LinkedHashMap<>(exact));
    }

    public Instance(Map<Dim, Integer> sizes, Map<Tensor, double[]> values) {
        this(sizes, values, Map.of());
    }

    public static Instance empty() {
        return new Instance(Map.of(), Map.of());
    }

    public int size(Dim dim) {
        Integer n = sizes.get(dim);
        if (n == null) {
            throw new IllegalArgumentException("no size given for dim " + dim);
        }
        return n;
    }

    /** The number of elements of a tensor of this shape at these sizes. */
    public int elements(List<Dim> shape) {
        int n = 1;
        for (Dim d : shape) {
            n *= size(d);
        }
        return n;
    }

    /** The values of a leaf, checked against its shape. */
    public double[] values(Tensor leaf) {
        double[] v = values.get(leaf);
        if (v == null) {
            throw new IllegalArgumentException("no values given for " + leaf);
        }
        int expected = elements(leaf.shape());
        if (v.length != expected) {
            throw new IllegalArgumentException(leaf + " has " + v.length + " values, its shape " + leaf.shape()
                    + " needs " + expected);
        }
        return v;
    }

    public Instance withSize(Dim dim, int size) {
        Map<Dim, Integer> s = new LinkedHashMap<>(sizes);
        s.put(dim, size);
        return new Instance(s, values, exact);
    }

    public Instance withValues(Tensor leaf, double... v) {
        Map<Tensor, double[]> m = new LinkedHashMap<>(values);
        m.put(leaf, v);
        return new Instance(sizes, m, exact);
    }
}
