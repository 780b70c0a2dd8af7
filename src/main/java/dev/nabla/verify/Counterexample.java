package dev.nabla.verify;

import dev.nabla.ir.Dim;
import dev.nabla.ir.Index;
import dev.nabla.ir.Tensor;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Sizes and leaf values at which the two sides of a claim differ, and where (keyed by IR
 * objects; {@code dev.nabla.api.Counterexample} is the same by name, and renders it).
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

    /** A value for a report: its {@link #literal} when finite, else NaN or ±Infinity. */
    public static String show(double v) {
        return Double.isFinite(v) ? literal(v) : Double.toString(v);
    }

    /**
     * A number literal of the language that reads back as exactly {@code v}: integers without a
     * fraction, others with the shortest digits Java round-trips and a lowercase exponent.
     */
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

    /** The record's fields, with the leaf values shown rather than their arrays' identities. */
    @Override
    public String toString() {
        StringJoiner leaves = new StringJoiner(", ", "{", "}");
        values.forEach((t, v) -> leaves.add(t.name() + "=" + Arrays.toString(v)));
        return "Counterexample[sizes=" + sizes + ", values=" + leaves + ", constants=" + constants + ", at=" + at
                + ", lhs=" + lhsText + ", rhs=" + rhsText + "]";
    }
}
