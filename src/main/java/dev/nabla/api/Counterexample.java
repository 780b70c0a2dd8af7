package dev.nabla.api;

import dev.nabla.ir.Dim;
import dev.nabla.ir.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import static dev.nabla.verify.Counterexample.literal;

/**
 * Where the two sides of a check differ: the sizes and leaf values of the instance, the index
 * assignment, and both sides' values there. For a failing {@code example} the instance is the
 * example's own, so only {@code at} and the sides are given.
 *
 * @param sizes     each dim the check involves, by name
 * @param leaves    the leaves both sides depend on, with their values
 * @param constants the leaves they depend on whose declaration fixes the value, by name
 * @param at        the (1-based) position of each free index where the sides differ, by name
 * @param lhs       the left side's value there, rounded to double
 * @param rhs       the right side's value there, rounded to double
 * @param lhsText   the left side's value as printed: more digits where a double cannot show it
 * @param rhsText   the right side's value as printed
 */
public record Counterexample(Map<String, Integer> sizes, List<Leaf> leaves, Map<String, Double> constants,
                             Map<String, Integer> at, double lhs, double rhs, String lhsText, String rhsText) {

    public Counterexample {
        sizes = Collections.unmodifiableMap(new LinkedHashMap<>(sizes));
        leaves = List.copyOf(leaves);
        constants = Collections.unmodifiableMap(new LinkedHashMap<>(constants));
        at = Collections.unmodifiableMap(new LinkedHashMap<>(at));
    }

    /**
     * One leaf's value.
     *
     * @param name   the leaf
     * @param shape  the dim of each of its slots, by name (sizes in {@link #sizes()}); empty for a scalar
     * @param values its elements in row-major order
     */
    public record Leaf(String name, List<String> shape, List<Double> values) {
        public Leaf {
            shape = List.copyOf(shape);
            values = List.copyOf(values);
        }
    }

    /** The same counterexample, by name. */
    public static Counterexample of(dev.nabla.verify.Counterexample c) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        c.sizes().forEach((d, n) -> sizes.put(d.name(), n));
        List<Leaf> leaves = new ArrayList<>();
        c.values().forEach((t, v) -> leaves.add(leaf(t, v)));
        Map<String, Double> constants = new LinkedHashMap<>();
        c.constants().forEach((t, v) -> constants.put(t.name(), v));
        Map<String, Integer> at = new LinkedHashMap<>();
        c.at().forEach((i, p) -> at.put(i.name(), p));
        return new Counterexample(sizes, leaves, constants, at, c.lhs(), c.rhs(), c.lhsText(), c.rhsText());
    }

    private static Leaf leaf(Tensor t, double[] v) {
        List<Double> values = new ArrayList<>(v.length);
        for (double x : v) {
            values.add(x);
        }
        return new Leaf(t.name(), t.shape().stream().map(Dim::name).toList(), values);
    }

    /**
     * The counterexample as the body of an {@code example} block (a {@code dim} line and one
     * binding per line; fixed constants as comments), then where the sides differ:
     * <pre>
     * dim d = 2
     * x = [0, 1]
     * at j = 1: lhs = 1, rhs = 0
     * </pre>
     */
    public String render() {
        StringBuilder out = new StringBuilder();
        if (!sizes.isEmpty()) {
            StringJoiner dims = new StringJoiner(", ", "dim ", "\n");
            sizes.forEach((d, n) -> dims.add(d + " = " + n));
            out.append(dims);
        }
        for (Leaf leaf : leaves) {
            out.append(leaf.name()).append(" = ");
            appendArray(out, leaf, 0, 0);
            out.append('\n');
        }
        constants.forEach((name, v) -> out.append("# ").append(name).append(" = ").append(literal(v))
                .append(" (fixed by its declaration)\n"));
        if (!at.isEmpty()) {
            StringJoiner where = new StringJoiner(", ", "at ", ": ");
            at.forEach((i, p) -> where.add(i + " = " + p));
            out.append(where);
        }
        out.append("lhs = ").append(lhsText).append(", rhs = ").append(rhsText);
        return out.toString();
    }

    /** Appends the nested list for slots {@code slot..} starting at {@code offset}; returns the next offset. */
    private int appendArray(StringBuilder out, Leaf leaf, int slot, int offset) {
        if (slot == leaf.shape().size()) {
            out.append(literal(leaf.values().get(offset)));
            return offset + 1;
        }
        int n = sizes.get(leaf.shape().get(slot));
        out.append('[');
        for (int k = 0; k < n; k++) {
            if (k > 0) {
                out.append(", ");
            }
            offset = appendArray(out, leaf, slot + 1, offset);
        }
        out.append(']');
        return offset;
    }
}
