package dev.nabla.ir;

import dev.nabla.ir.Evaluator.Value;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The running error bound: small when nothing cancels, large when it does, and never below the true error. */
class RunningErrorTest {
    private final Dim d = new Dim("d");
    private final Index i = new Index("i", d);
    private final Tensor x = new Tensor("x", List.of(d), Tensor.Kind.INPUT);
    private final Tensor y = new Tensor("y", List.of(d), Tensor.Kind.INPUT);
    private final Tensor big = new Tensor("big", List.of(), Tensor.Kind.CONST);

    private Graph graph() {
        Graph g = new Graph();
        g.addLeaf(x);
        g.addLeaf(y);
        g.addLeaf(big);
        return g;
    }

    @Test
    void exactInputsAndExactLiteralsCarryNoError() {
        Instance at = new Instance(Map.of(d, 1), Map.of(x, new double[] {3}));
        Value v = new Evaluator(graph(), at).evaluate(Ir.mul(Ir.constant(2), Ir.access(x, i)), List.of(i));
        assertEquals(6, v.values()[0]);
        assertEquals(Evaluator.EPS * 6, v.errors()[0], 1e-30, "only the rounding of the product itself");
        Value third = new Evaluator(graph(), at).evaluate(Ir.div(Ir.ONE, Ir.constant(3)), List.of());
        assertEquals(Evaluator.EPS / 3, third.errors()[0], 1e-30);
    }

    @Test
    void theBoundIsRelativelySmallForABenignSum() {
        Instance at = new Instance(Map.of(d, 5), Map.of(x, new double[] {0.1, 0.2, 0.3, 0.4, 0.5}));
        Value v = new Evaluator(graph(), at).evaluate(Ir.sum(i, Ir.call(Fn.EXP, Ir.access(x, i))), List.of());
        assertTrue(v.errors()[0] / Math.abs(v.values()[0]) < 1e-14, () -> "bound " + v.errors()[0]);
    }

    @Test
    void theBoundIsLargeUnderCancellation() {
        // s = big + x; s - big has lost x's low digits, and the bound must say so
        Graph g = graph();
        Tensor s = new Tensor("s", List.of(d), Tensor.Kind.DEFINED);
        g.define(new Definition(s, List.of(i), Ir.add(Ir.access(big), Ir.access(x, i))));
        Instance at = new Instance(Map.of(d, 1), Map.of(x, new double[] {0.123456789}, big, new double[] {1e10}));
        Value v = new Evaluator(g, at).evaluate(Ir.sub(Ir.access(s, i), Ir.access(big)), List.of(i));
        double actual = Math.abs(v.values()[0] - 0.123456789);
        assertTrue(actual > 0, "the example must actually lose digits");
        assertTrue(v.errors()[0] >= actual, () -> "bound " + v.errors()[0] + " < actual " + actual);
        assertTrue(v.errors()[0] / Math.abs(v.values()[0]) > 1e-8, () -> "bound " + v.errors()[0]);
    }

    @Property(tries = 200)
    void theBoundCoversTheTrueErrorOfADotProductMinusASum(
            @ForAll @Size(min = 1, max = 6) List<@DoubleRange(min = -100, max = 100) Double> xs,
            @ForAll @DoubleRange(min = -100, max = 100) double scale) {
        // sum(i, x[i] * y[i]) - sum(i, x[i]) with y[i] = scale: cancels when scale is near 1
        int n = xs.size();
        double[] xv = new double[n];
        double[] yv = new double[n];
        BigDecimal exact = BigDecimal.ZERO;
        for (int k = 0; k < n; k++) {
            xv[k] = xs.get(k);
            yv[k] = scale;
            BigDecimal bx = new BigDecimal(xv[k]);
            exact = exact.add(bx.multiply(new BigDecimal(yv[k]))).subtract(bx);
        }
        Expr e = Ir.sub(Ir.sum(i, Ir.mul(Ir.access(x, i), Ir.access(y, i))), Ir.sum(i, Ir.access(x, i)));
        Value v = new Evaluator(graph(), new Instance(Map.of(d, n), Map.of(x, xv, y, yv))).evaluate(e, List.of());
        double actual = new BigDecimal(v.values()[0]).subtract(exact).abs().doubleValue();
        assertTrue(actual <= 1.01 * v.errors()[0], () -> "actual " + actual + " > bound " + v.errors()[0]);
    }

    @Property(tries = 200)
    void theBoundCoversTheTrueErrorOfAQuotient(
            @ForAll @DoubleRange(min = 0.01, max = 100) double p,
            @ForAll @DoubleRange(min = 0.01, max = 100) double r) {
        // (p + r) / (p * r) with every operation rounded
        Tensor pt = new Tensor("p", List.of(), Tensor.Kind.PARAM);
        Tensor rt = new Tensor("r", List.of(), Tensor.Kind.PARAM);
        Graph g = new Graph();
        g.addLeaf(pt);
        g.addLeaf(rt);
        Expr e = Ir.div(Ir.add(Ir.access(pt), Ir.access(rt)), Ir.mul(Ir.access(pt), Ir.access(rt)));
        Value v = new Evaluator(g, new Instance(Map.of(), Map.of(pt, new double[] {p}, rt, new double[] {r})))
                .evaluate(e, List.of());
        BigDecimal bp = new BigDecimal(p);
        BigDecimal br = new BigDecimal(r);
        BigDecimal exact = bp.add(br).divide(bp.multiply(br), MathContext.DECIMAL128);
        double actual = new BigDecimal(v.values()[0]).subtract(exact).abs().doubleValue();
        assertTrue(actual <= 1.01 * v.errors()[0], () -> "actual " + actual + " > bound " + v.errors()[0]);
    }
}
