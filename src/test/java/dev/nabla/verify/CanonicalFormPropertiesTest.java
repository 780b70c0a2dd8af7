package dev.nabla.verify;

import dev.nabla.ir.Children;
import dev.nabla.ir.Evaluator;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Graph;
import dev.nabla.ir.Index;
import dev.nabla.ir.Instance;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Tensor;
import dev.nabla.sema.ValueDomain;
import dev.nabla.testkit.Choices;
import dev.nabla.testkit.ExprGen;
import dev.nabla.testkit.Leaves;
import dev.nabla.testkit.Points;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The canonical form never proves a false identity, and proves distributivity over random terms. */
class CanonicalFormPropertiesTest {
    private static final Leaves LEAVES = new Leaves();
    private static final List<Index> ENV = List.of(new Index("i", LEAVES.d), new Index("j", LEAVES.q));

    /**
     * Pairs that are one random decision apart (a changed operator, function, index, constant
     * or subtree): whenever they differ numerically somewhere, their canonical forms differ.
     */
    @StatisticsReport(onFailureOnly = true)
    @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
    void nearMissesThatDifferNumericallyAreNeverProvedEqual(@ForAll long seed) {
        Choices first = new Choices(seed);
        Expr a = new ExprGen(LEAVES, first).expr(3, ENV);
        int flip = new Random(seed).nextInt(Math.max(1, first.count()));
        Expr b = new ExprGen(LEAVES, new Choices(seed, flip)).expr(3, ENV);
        boolean proved = new CanonicalForm(LEAVES.graph()).provesEqual(a, b);
        Statistics.collect(a == b ? "same node" : proved ? "proved" : "not proved");
        if (!proved) {
            return;
        }
        Set<Index> free = new LinkedHashSet<>(a.freeIndices());
        free.addAll(b.freeIndices());
        List<Index> over = new ArrayList<>(free);
        Random r = new Random(seed * 7 + 1);
        for (int point = 0; point < 4; point++) {
            Instance at = Points.random(r, LEAVES.dims(), LEAVES.all(), 3, 2);
            Evaluator ev = new Evaluator(LEAVES.graph(), at);
            Evaluator.Value va = ev.evaluate(a, over);
            Evaluator.Value vb = ev.evaluate(b, over);
            for (int p = 0; p < va.size(); p++) {
                double x = va.values()[p];
                double y = vb.values()[p];
                if (Double.isFinite(x) && Double.isFinite(y)
                        && Math.abs(x - y) > 4 * (va.errors()[p] + vb.errors()[p]) + 1e-12 * Math.abs(x)) {
                    fail("proved " + a + " == " + b + " but at " + va.assignment(p) + ", sizes " + at.sizes()
                            + " they are " + x + " and " + y);
                }
            }
        }
    }

    /**
     * The invariant every proof rests on: wherever an expression is defined, its canonical form
     * is defined and has the same value (every rewrite rule, common denominator and cancellation
     * included), over random expressions with every built-in, quotients and sums.
     */
    @StatisticsReport(onFailureOnly = true)
    @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
    void theCanonicalFormKeepsTheValueWhereverTheExpressionIsDefined(@ForAll long seed) {
        Expr e = new ExprGen(LEAVES, new Choices(seed)).expr(4, ENV);
        java.util.Optional<Expr> form = new CanonicalForm(LEAVES.graph()).of(e);
        Statistics.collect(form.isEmpty() ? "too large" : form.get() == e ? "unchanged" : "rewritten");
        if (form.isEmpty()) {
            return;
        }
        List<Index> over = new ArrayList<>(e.freeIndices());
        Random r = new Random(seed * 13 + 5);
        for (int point = 0; point < 4; point++) {
            assertSameValues(LEAVES.graph(), e, form.get(), Points.random(r, LEAVES.dims(), LEAVES.all(), 3, 2), over);
        }
    }

    /**
     * The same invariant with the scalar leaf a leaf of two values ({@code in {0, 1}},
     * {@code {-1, 1}} or {@code {2, 5}}), which the canonical form expands calls over and
     * reduces powers of, at both of its values.
     */
    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void theCanonicalFormKeepsTheValueWithALeafOfTwoValues(@ForAll long seed) {
        List<List<Double>> sets = List.of(List.of(0.0, 1.0), List.of(-1.0, 1.0), List.of(2.0, 5.0));
        List<Double> values = sets.get((int) Math.floorMod(seed, 3L));
        Tensor y = new Tensor("y", List.of(), Tensor.Kind.INPUT);
        Expr e = replaced(new ExprGen(LEAVES, new Choices(seed)).expr(4, ENV), Ir.access(LEAVES.c), Ir.access(y),
                new java.util.IdentityHashMap<>());
        Graph graph = LEAVES.graph();
        graph.addLeaf(y);
        java.util.Optional<Expr> form = new CanonicalForm(graph, Map.of(), Map.of(y, ValueDomain.set(values))).of(e);
        Statistics.collect(form.isEmpty() ? "too large" : form.get() == e ? "unchanged" : "rewritten");
        if (form.isEmpty()) {
            return;
        }
        List<Index> over = new ArrayList<>(e.freeIndices());
        Random r = new Random(seed * 17 + 3);
        for (int point = 0; point < 4; point++) {
            Instance at = Points.random(r, LEAVES.dims(), LEAVES.all(), 3, 2);
            assertSameValues(graph, e, form.get(), at.withValues(y, values.get(point % 2)), over);
        }
    }

    private static Expr replaced(Expr e, Expr from, Expr to, Map<Expr, Expr> memo) {
        if (e == from) {
            return to;
        }
        Expr done = memo.get(e);
        if (done == null) {
            List<Expr> children = new ArrayList<>();
            for (Expr c : Children.of(e)) {
                children.add(replaced(c, from, to, memo));
            }
            done = children.isEmpty() ? e : Children.with(e, children);
            memo.put(e, done);
        }
        return done;
    }

    /** Wherever e is defined at this point, its form has its value, up to rounding. */
    private static void assertSameValues(Graph graph, Expr e, Expr form, Instance at, List<Index> over) {
        Evaluator ev = new Evaluator(graph, at);
        Evaluator.Value before = ev.evaluate(e, over);
        Evaluator.Value after = ev.evaluate(form, over);
        for (int p = 0; p < before.size(); p++) {
            double x = before.values()[p];
            double y = after.values()[p];
            if (!Double.isFinite(x) || Math.abs(x) > 1e100) {
                continue;
            }
            if (!Double.isFinite(y)) {
                // the form may overflow in double where the expression does not (exp(3000) / exp(3000)):
                // high precision has the range to tell whether it is undefined
                dev.nabla.ir.PreciseEvaluator.Result precise = new dev.nabla.ir.PreciseEvaluator(graph, at,
                        dev.nabla.ir.PreciseEvaluator.PRECISIONS[0]).at(form, before.assignment(p));
                if (precise instanceof dev.nabla.ir.PreciseEvaluator.Unknown) {
                    continue; // beyond even high precision's range (exp(exp(20))): nothing to compare
                }
                y = precise instanceof dev.nabla.ir.PreciseEvaluator.Defined
                        ? ((dev.nabla.ir.PreciseEvaluator.Defined) precise).doubleValue() : Double.NaN;
            }
            double errors = before.errors()[p] + after.errors()[p];
            double slack = 1e-6 * Math.max(1, Math.max(Math.abs(x), Math.abs(y)))
                    + (Double.isFinite(errors) ? 8 * errors : 0);
            if (!(Math.abs(x - y) <= slack)) {
                fail("the canonical form of " + e + " is " + form + ", but at " + before.assignment(p)
                        + ", sizes " + at.sizes() + " their values are " + x + " and " + y);
            }
        }
    }

    @StatisticsReport(onFailureOnly = true)

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void provesDistributivityOverRandomTerms(@ForAll long seed) {
        ExprGen gen = new ExprGen(LEAVES, new Choices(seed));
        Expr f = gen.expr(2, ENV);
        Expr u = gen.expr(2, ENV);
        Expr v = gen.expr(2, ENV);
        Index s = ExprGen.fresh(ENV, LEAVES.d);
        Expr xs = Ir.access(LEAVES.x, s);
        // f * sum(s, x[s] * (u + v)) == sum(s, f * u * x[s]) + f * v * sum(s, x[s])
        Expr lhs = Ir.mul(f, Ir.sum(s, Ir.mul(xs, Ir.add(u, v))));
        Expr rhs = Ir.add(Ir.sum(s, Ir.mul(f, u, xs)), Ir.mul(f, v, Ir.sum(s, xs)));
        CanonicalForm form = new CanonicalForm(LEAVES.graph());
        boolean tooLarge = form.of(Ir.sub(lhs, rhs)).isEmpty();
        Statistics.collect(tooLarge ? "too large" : "decided");
        assertTrue(tooLarge || form.provesEqual(lhs, rhs), () -> lhs + " == " + rhs);
    }
}
