package dev.nabla.verify;

import dev.nabla.ir.Evaluator;
import dev.nabla.ir.Evaluator.Value;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Graph;
import dev.nabla.ir.Index;
import dev.nabla.ir.Instance;
import dev.nabla.ir.PreciseEvaluator;
import dev.nabla.ir.PreciseEvaluator.Defined;
import dev.nabla.ir.PreciseEvaluator.Result;
import org.apache.commons.math3.dfp.Dfp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Decides whether two sides agree at one instance, element by element. Double precision
 * decides where its running error bound is tight; everywhere else (a non-finite value, a
 * difference, or a bound too wide to tell) the element is evaluated again in high precision,
 * where a difference counts only beyond a rigorous error bound. Nothing is guessed: an element
 * that high precision cannot decide either makes the sample undecidable.
 */
final class Judge {
    /** Slack over the double evaluator's first-order error bounds, which are estimates rather than guarantees. */
    static final double ERROR_BOUND_FACTOR = 8;
    /** Double precision decides agreement only where its error window is this tight relative to the values. */
    static final double DOUBLE_RESOLUTION = 1e-8;
    /**
     * High precision decides agreement where its window is this tight relative to the values or
     * to the magnitude of the computation behind them (both sides rounding noise around 0).
     */
    private static final double PRECISE_RESOLUTION = 1e-20;
    /** Elements re-evaluated in high precision per sample at most; past them the sample is undecidable. */
    private static final int RECHECK_LIMIT = 256;

    enum Kind { AGREED, REFUTED, UNDEFINED, UNDECIDABLE }

    /**
     * How the sides compare at one instance.
     *
     * @param position             for REFUTED, the row-major position of the first differing element
     * @param lhs                  for REFUTED, the left side's value there (as a double; its text may say more)
     * @param largestRelativeError for AGREED, the worst |a − b| / max(|a|, |b|), where high
     *                             precision decided: relative to the terms behind the values too
     * @param why                  for UNDEFINED and UNDECIDABLE, the reason at the first such element
     * @param roundingZeros        for AGREED, the elements 0 on both sides up to rounding (left out of the error)
     */
    record Judgement(Kind kind, int position, Map<Index, Integer> at, double lhs, double rhs, String lhsText,
                     String rhsText, double largestRelativeError, String why, int roundingZeros) {
        Judgement(Kind kind, int position, Map<Index, Integer> at, double lhs, double rhs, String lhsText,
                  String rhsText, double largestRelativeError, String why) {
            this(kind, position, at, lhs, rhs, lhsText, rhsText, largestRelativeError, why, 0);
        }
    }

    private Judge() {
    }

    /**
     * @param tolerance the relative tolerance (0 for claims)
     * @param everyElement re-check every element in high precision, not only those double precision
     *                     cannot decide: a confirmation that catches differences below double's resolution
     */
    static Judgement judge(Graph graph, Instance instance, Expr lhs, Expr rhs, List<Index> free, double tolerance,
                           boolean everyElement) {
        return judge(graph, instance, lhs, rhs, free, List.of(), tolerance, everyElement);
    }

    /**
     * @param guards the partial operations of the sides as written: where one is undefined the
     *               sides are, even if simplification folded it away
     */
    static Judgement judge(Graph graph, Instance instance, Expr lhs, Expr rhs, List<Index> free,
                           Collection<Expr> guards, double tolerance, boolean everyElement) {
        Evaluator evaluator = new Evaluator(graph, instance);
        Judgement unguarded = undefinedGuard(graph, instance, evaluator, guards);
        if (unguarded != null) {
            return unguarded;
        }
        Value l = evaluator.evaluate(lhs, free);
        Value r = evaluator.evaluate(rhs, free);
        double worst = 0;
        List<Integer> recheck = new ArrayList<>();
        for (int p = 0; p < l.size(); p++) {
            double a = l.values()[p];
            double b = r.values()[p];
            if (!everyElement && decidedInDouble(a, l.errors()[p], b, r.errors()[p], tolerance)) {
                worst = Math.max(worst, relativeError(a, b));
            } else {
                recheck.add(p);
            }
        }
        if (recheck.isEmpty()) {
            return agreed(worst, 0);
        }
        Precisions precise = new Precisions(graph, instance);
        String undefined = null;
        String undecidable = null;
        int roundingZeros = 0;
        for (int k = 0; k < recheck.size(); k++) {
            int p = recheck.get(k);
            if (k >= RECHECK_LIMIT) {
                undecidable = undecidable != null ? undecidable
                        : "more than " + RECHECK_LIMIT + " elements need high precision";
                break;
            }
            Map<Index, Integer> at = l.assignment(p);
            Element e = precise.compare(lhs, rhs, at, tolerance);
            if (e.comparison() == Comparison.DIFFER) {
                Defined x = e.lhs();
                Defined y = e.rhs();
                return new Judgement(Kind.REFUTED, p, at, x.doubleValue(), y.doubleValue(), shown(x, y), shown(y, x),
                        0, null);
            }
            if (e.comparison() == Comparison.UNDEFINED) {
                undefined = undefined != null ? undefined : e.why();
            } else if (e.comparison() == Comparison.UNCLEAR) {
                undecidable = undecidable != null ? undecidable : e.why();
            } else if (roundingZero(e.lhs()) && roundingZero(e.rhs())) {
                roundingZeros++;
            } else {
                worst = Math.max(worst, preciseRelativeError(e.lhs(), e.rhs()));
            }
        }
        if (undefined != null) {
            return new Judgement(Kind.UNDEFINED, -1, Map.of(), 0, 0, null, null, 0, undefined);
        }
        if (undecidable != null) {
            return new Judgement(Kind.UNDECIDABLE, -1, Map.of(), 0, 0, null, null, 0, undecidable);
        }
        return agreed(worst, roundingZeros);
    }

    /**
     * A value that high precision cannot tell from 0: within its rounding error of it (terms of
     * size 1 that cancelled leave ±1e-51, whose relative error to the other side's noise is 2).
     */
    static boolean roundingZero(Defined v) {
        return !v.value().abs().greaterThan(v.error().multiply(2));
    }

    /** |x − y| relative to the larger of the values and of the magnitudes of the terms behind them. */
    static double preciseRelativeError(Defined x, Defined y) {
        Dfp scale = larger(larger(x.value().abs(), y.value().abs()), larger(x.magnitude(), y.magnitude()));
        return scale.isZero() ? 0 : x.value().subtract(y.value()).abs().divide(scale).toDouble();
    }

    /** |a − b| / max(|a|, |b|), 0 when both are 0. */
    static double relativeError(double a, double b) {
        if (a == b) {
            return 0;
        }
        double scale = Math.max(Math.abs(a), Math.abs(b));
        return scale == 0 ? 0 : Math.abs(a - b) / scale;
    }

    /**
     * A value as its shortest double literal, or in more digits where double precision cannot
     * show it or cannot tell it from the other side's.
     */
    private static String shown(Defined v, Defined other) {
        double d = v.doubleValue();
        if (Double.isFinite(d) && d != other.doubleValue()) {
            return Counterexample.show(d);
        }
        return v.text(Double.isFinite(d) ? 40 : 17);
    }

    /** UNDEFINED or UNDECIDABLE where some guard is, at any assignment of its indices; else null. */
    private static Judgement undefinedGuard(Graph graph, Instance instance, Evaluator evaluator,
                                            Collection<Expr> guards) {
        Precisions precise = null;
        for (Expr g : guards) {
            Value v = evaluator.evaluate(g, new ArrayList<>(g.freeIndices()));
            for (int p = 0; p < v.size(); p++) {
                if (Double.isFinite(v.values()[p])) {
                    continue;
                }
                precise = precise != null ? precise : new Precisions(graph, instance);
                Result r = precise.value(g, v.assignment(p));
                if (r instanceof PreciseEvaluator.Undefined) {
                    return new Judgement(Kind.UNDEFINED, -1, Map.of(), 0, 0, null, null, 0,
                            "as written: " + ((PreciseEvaluator.Undefined) r).why());
                }
                if (r instanceof PreciseEvaluator.Unknown) {
                    return new Judgement(Kind.UNDECIDABLE, -1, Map.of(), 0, 0, null, null, 0,
                            "as written: " + ((PreciseEvaluator.Unknown) r).why());
                }
            }
        }
        return null;
    }

    private static Judgement agreed(double worst, int roundingZeros) {
        return new Judgement(Kind.AGREED, -1, Map.of(), 0, 0, null, null, worst, null, roundingZeros);
    }

    private static String reason(Result a, Result b, Class<?> kind) {
        String side = kind.isInstance(a) ? "the left side" : "the right side";
        Result r = kind.isInstance(a) ? a : b;
        String why = r instanceof PreciseEvaluator.Undefined ? ((PreciseEvaluator.Undefined) r).why()
                : ((PreciseEvaluator.Unknown) r).why();
        return side + ": " + why;
    }

    /**
     * Double precision agrees decisively: both values finite and within tolerance plus their
     * error window, where the window is tight enough that no difference of interest could hide
     * in it (so equal values with no error at all, or equal values whose error is relatively tiny).
     */
    static boolean decidedInDouble(double a, double errA, double b, double errB, double tolerance) {
        if (!Double.isFinite(a) || !Double.isFinite(b)) {
            return false;
        }
        double scale = Math.max(Math.abs(a), Math.abs(b));
        double window = ERROR_BOUND_FACTOR * (errA + errB);
        // equal values decide only with no error behind them: both may have underflowed to 0
        return Math.abs(a - b) <= tolerance * scale + window && window <= DOUBLE_RESOLUTION * scale;
    }

    private enum Comparison { AGREE, DIFFER, UNDEFINED, UNCLEAR }

    /** Whether more digits may help: nothing is unknown but for rounding. */
    private static boolean onlyRounding(Result r) {
        return !(r instanceof PreciseEvaluator.Unknown) || ((PreciseEvaluator.Unknown) r).rounding();
    }

    /** How one element compares in high precision: both sides where defined, else why not decided. */
    private record Element(Comparison comparison, Defined lhs, Defined rhs, String why) {
    }

    /**
     * The evaluators of one instance at each precision of {@link PreciseEvaluator#PRECISIONS},
     * made as needed: an element goes to more digits while rounding is what keeps it undecided.
     */
    private static final class Precisions {
        private final Graph graph;
        private final Instance instance;
        private final PreciseEvaluator[] evaluators = new PreciseEvaluator[PreciseEvaluator.PRECISIONS.length];

        Precisions(Graph graph, Instance instance) {
            this.graph = graph;
            this.instance = instance;
        }

        private PreciseEvaluator at(int level) {
            if (evaluators[level] == null) {
                evaluators[level] = new PreciseEvaluator(graph, instance, PreciseEvaluator.PRECISIONS[level]);
            }
            return evaluators[level];
        }

        /** The value of e at an assignment, at the first precision where rounding does not keep it unknown. */
        Result value(Expr e, Map<Index, Integer> assignment) {
            Result r = null;
            for (int level = 0; level < evaluators.length; level++) {
                r = at(level).at(e, assignment);
                if (!(r instanceof PreciseEvaluator.Unknown) || !onlyRounding(r)) {
                    return r;
                }
            }
            return r;
        }

        Element compare(Expr lhs, Expr rhs, Map<Index, Integer> assignment, double tolerance) {
            Element e = null;
            for (int level = 0; level < evaluators.length; level++) {
                Result a = at(level).at(lhs, assignment);
                Result b = at(level).at(rhs, assignment);
                if (a instanceof PreciseEvaluator.Undefined || b instanceof PreciseEvaluator.Undefined) {
                    return new Element(Comparison.UNDEFINED, null, null, reason(a, b, PreciseEvaluator.Undefined.class));
                }
                if (a instanceof PreciseEvaluator.Unknown || b instanceof PreciseEvaluator.Unknown) {
                    e = new Element(Comparison.UNCLEAR, null, null, reason(a, b, PreciseEvaluator.Unknown.class));
                    if (!onlyRounding(a) || !onlyRounding(b)) {
                        return e;
                    }
                    continue;
                }
                Comparison c = comparePrecisely((Defined) a, (Defined) b, tolerance);
                e = new Element(c, (Defined) a, (Defined) b, c == Comparison.UNCLEAR
                        ? "the sides agree only within a rounding error too wide to decide, even in high precision"
                        : null);
                if (c != Comparison.UNCLEAR) {
                    return e;
                }
            }
            return e;
        }
    }

    /** With rigorous bounds: a difference beyond tolerance and both bounds is real. */
    private static Comparison comparePrecisely(Defined x, Defined y, double tolerance) {
        Dfp difference = x.value().subtract(y.value()).abs();
        Dfp scale = larger(x.value().abs(), y.value().abs());
        Dfp window = x.error().add(y.error()).multiply(2);
        if (difference.greaterThan(scale.multiply(tolerance).add(window))) {
            return Comparison.DIFFER;
        }
        Dfp behind = larger(scale, larger(x.magnitude(), y.magnitude()));
        boolean tight = window.isZero() || !window.greaterThan(behind.multiply(PRECISE_RESOLUTION));
        return tight ? Comparison.AGREE : Comparison.UNCLEAR;
    }

    private static Dfp larger(Dfp a, Dfp b) {
        return a.greaterThan(b) ? a : b;
    }
}
