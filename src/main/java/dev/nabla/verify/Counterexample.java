package dev.nabla.verify;

import dev.nabla.ir.Dim;
import dev.nabla.ir.Index;
import dev.nabla.ir.Tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Sizes and leaf values at which the two sides of a claim differ, and where.
 *
 * @param sizes     the dims the claim involves
 * @param values    the leaves both sides depend on, row-major
 * @param constants the leaves they depend on whose value the declaration fixes
 * @param at        the (1-based) index assignment where the sides differ
 * @param lhs       the left side's value there, rounded to double
 * @param rhs       the right side's value there, rounded to double
 * @param lhsText   the left side's value as printed: more digits where a double cannot show it
 * @param rhsText   the right side's value as printed
 */
public record Counterexample(Map<Dim, Integer> sizes, Map<Tensor, double[]> values, Map<Tensor, Double> constants,
                             Map<Index, Integer> at, double lhs, double rhs, String lhsText, String rhsText) {

    public Counterexample {
        sizes = Collections.unmodifiableMap(new LinkedHashMap<>(sizes));
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        constants = Collections.unmodifiableMap(new LinkedHashMap<>(constants));
        at = Collections.unmodifiableMap(new LinkedHashMap<>(at));
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
            sizes.forEach((d, n) -> dims.add(d.name() + " = " + n));
            out.append(dims);
        }
        values.forEach((t, v) -> {
            out.append(t.name()).append(" = ");
            appendArray(out, t, v, 0, 0);
            out.append('\n');
        });
        constants.forEach((t, v) -> out.append("# ").append(t.name()).append(" = ").append(literal(v))
                .append(" (fixed by its declaration)\n"));
        if (!at.isEmpty()) {
            StringJoiner where = new StringJoiner(", ", "at ", ": ");
            at.forEach((i, p) -> where.add(i.name() + " = " + p));
            out.append(where);
        }
        out.append("lhs = ").append(lhsText).append(", rhs = ").append(rhsText);
        return out.toString();
    }

    /** Appends the nested list for slots {@code slot..} starting at {@code offset}; returns the next offset. */
    private int appendArray(StringBuilder out, Tensor t, double[] v, int slot, int offset) {
        if (slot == t.rank()) {
            out.append(literal(v[offset]));
            return offset + 1;
        }
        int n = sizes.get(t.shape().get(slot));
        out.append('[');
        for (int k = 0; k < n; k++) {
            if (k > 0) {
                out.append(", ");
            }
            offset = appendArray(out, t, v, slot + 1, offset);
        }
        out.append(']');
        return offset;
    }

    /**
     * A number literal of the language that reads back as exactly {@code v}: integers without a
     * fraction, others with the shortest digits Java round-trips and a lowercase exponent.
     */
    /** A value for a report: its {@link #literal} when finite, else NaN or ±Infinity. */
    public static String show(double v) {
        return Double.isFinite(v) ? literal(v) : Double.toString(v);
    }

    public static String literal(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("no literal for " + v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = Double.toString(v);
        int e = s.indexOf('E');
        if (e < 0) {
            return s;
        }
        String mantissa = s.substring(0, e);
        if (mantissa.endsWith(".0")) {
            mantissa = mantissa.substring(0, mantissa.length() - 2);
        }
        return mantissa + "e" + s.substring(e + 1);
    }

    @Override
    public String toString() {
        return render();
    }
}
