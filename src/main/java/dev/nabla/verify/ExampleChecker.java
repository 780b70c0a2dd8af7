package dev.nabla.verify;

import dev.nabla.ir.Evaluator;
import dev.nabla.ir.Evaluator.Value;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Graph;
import dev.nabla.ir.Index;
import dev.nabla.ir.Instance;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Checks {@code expect lhs == rhs [within tol]} of an {@code example} block at its concrete
 * instance: the sides agree where |a − b| ≤ tol·max(|a|, |b|) + 8·(err_a + err_b), at every
 * assignment of the free indices. A non-finite side agrees only with the identical value.
 */
public final class ExampleChecker {
    /** The relative tolerance of an {@code expect} without {@code within}. */
    public static final double DEFAULT_TOLERANCE = 1e-9;

    private ExampleChecker() {
    }

    /** The result of one {@code expect}. */
    public sealed interface Result permits Holds, Fails {
    }

    /** Every element agreed; {@code largestRelativeError} is the worst |a − b| / max(|a|, |b|). */
    public record Holds(int elements, double largestRelativeError) implements Result {
    }

    /** The first (row-major) assignment where the sides disagree, and their values there. */
    public record Fails(Map<Index, Integer> at, double lhs, double rhs) implements Result {
        public Fails {
            at = Collections.unmodifiableMap(new LinkedHashMap<>(at));
        }

        /** {@code at j = 2: lhs = 0.5, rhs = 0.25}. */
        @Override
        public String toString() {
            StringJoiner where = new StringJoiner(", ", "at ", ": ");
            where.setEmptyValue("");
            at.forEach((i, p) -> where.add(i.name() + " = " + p));
            return where + "lhs = " + Counterexample.show(lhs) + ", rhs = " + Counterexample.show(rhs);
        }
    }

    public static Result check(Graph graph, Instance instance, Expr lhs, Expr rhs, List<Index> free,
                               double tolerance) {
        Evaluator evaluator = new Evaluator(graph, instance);
        Value l = evaluator.evaluate(lhs, free);
        Value r = evaluator.evaluate(rhs, free);
        int p = Agreement.firstDisagreement(l, r, tolerance);
        if (p >= 0) {
            return new Fails(l.assignment(p), l.values()[p], r.values()[p]);
        }
        return new Holds(l.size(), Agreement.largestRelativeError(l, r));
    }

    public static Result check(Graph graph, Instance instance, Expr lhs, Expr rhs, List<Index> free) {
        return check(graph, instance, lhs, rhs, free, DEFAULT_TOLERANCE);
    }
}
