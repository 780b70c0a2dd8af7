package dev.nabla.verify;

import dev.nabla.ir.Expr;
import dev.nabla.ir.Graph;
import dev.nabla.ir.Index;
import dev.nabla.ir.Instance;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Checks {@code expect lhs == rhs [within tol]} of an {@code example} block at its concrete
 * instance: the sides agree where |a − b| ≤ tol·max(|a|, |b|) beyond their rounding error, at
 * every assignment of the free indices, as {@link Judge} decides it. An undefined or infinite
 * side agrees with nothing.
 */
public final class ExampleChecker {
    /** The relative tolerance of an {@code expect} without {@code within}. */
    public static final double DEFAULT_TOLERANCE = 1e-9;

    private ExampleChecker() {
    }

    /** The result of one {@code expect}. */
    public sealed interface Result permits Holds, Fails, Undefined, Undecidable {
    }

    /** Every element agreed; {@code largestRelativeError} is the worst |a − b| / max(|a|, |b|). */
    public record Holds(int elements, double largestRelativeError) implements Result {
    }

    /** The first (row-major) assignment where the sides disagree, and their values there. */
    public record Fails(Map<Index, Integer> at, double lhs, double rhs, String lhsText, String rhsText)
            implements Result {
        public Fails {
            at = Collections.unmodifiableMap(new LinkedHashMap<>(at));
        }

        /** {@code at j = 2: lhs = 0.5, rhs = 0.25}. */
        @Override
        public String toString() {
            StringJoiner where = new StringJoiner(", ", "at ", ": ");
            where.setEmptyValue("");
            at.forEach((i, p) -> where.add(i.name() + " = " + p));
            return where + "lhs = " + lhsText + ", rhs = " + rhsText;
        }
    }

    /** A side is undefined at the example's values (a log of 0, a division by 0). */
    public record Undefined(String why) implements Result {
        @Override
        public String toString() {
            return "is undefined at the example's values: " + why;
        }
    }

    /** The sides cannot be told apart or equal even in high precision. */
    public record Undecidable(String why) implements Result {
        @Override
        public String toString() {
            return "cannot be decided even in high precision: " + why;
        }
    }

    public static Result check(Graph graph, Instance instance, Expr lhs, Expr rhs, List<Index> free,
                               double tolerance) {
        return check(graph, instance, lhs, rhs, free, List.of(), tolerance);
    }

    /** @param guards the partial operations of the sides as written (see {@link Judge}) */
    public static Result check(Graph graph, Instance instance, Expr lhs, Expr rhs, List<Index> free,
                               Collection<Expr> guards, double tolerance) {
        Judge.Judgement j = Judge.judge(graph, instance, lhs, rhs, free, guards, tolerance, false);
        switch (j.kind()) {
            case REFUTED:
                return new Fails(j.at(), j.lhs(), j.rhs(), j.lhsText(), j.rhsText());
            case UNDEFINED:
                return new Undefined(j.why());
            case UNDECIDABLE:
                return new Undecidable(j.why());
            default:
                return new Holds(instance.elements(dimsOf(free)), j.largestRelativeError());
        }
    }

    private static List<dev.nabla.ir.Dim> dimsOf(List<Index> free) {
        return free.stream().map(Index::dim).toList();
    }

    public static Result check(Graph graph, Instance instance, Expr lhs, Expr rhs, List<Index> free) {
        return check(graph, instance, lhs, rhs, free, DEFAULT_TOLERANCE);
    }
}
