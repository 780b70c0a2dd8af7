package dev.nabla.verify;

import dev.nabla.ir.Definition;
import dev.nabla.ir.Dim;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Fn;
import dev.nabla.ir.Graph;
import dev.nabla.ir.Index;
import dev.nabla.ir.Instance;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Position;
import dev.nabla.ir.Tensor;
import org.apache.commons.math3.fraction.BigFraction;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The example block of the language reference: a 2-2-1 network by hand. */
class ExampleCheckerTest {
    private final Dim d = new Dim("d");
    private final Dim q = new Dim("q");
    private final Index i = new Index("i", d);
    private final Index h = new Index("h", q);
    private final Tensor x = new Tensor("x", List.of(d), Tensor.Kind.INPUT);
    private final Tensor v = new Tensor("v", List.of(d, q), Tensor.Kind.PARAM);
    private final Tensor gamma = new Tensor("gamma", List.of(q), Tensor.Kind.PARAM);
    private final Tensor alpha = new Tensor("alpha", List.of(q), Tensor.Kind.DEFINED);
    private final Tensor b = new Tensor("b", List.of(q), Tensor.Kind.DEFINED);
    private final Graph graph = new Graph();
    private final Instance instance = new Instance(Map.of(d, 2, q, 2), Map.of(
            x, new double[] {1, 0},
            v, new double[] {0.5, -0.5, 0.25, 1},
            gamma, new double[] {0, 0}));

    ExampleCheckerTest() {
        graph.addLeaf(x);
        graph.addLeaf(v);
        graph.addLeaf(gamma);
        graph.define(new Definition(alpha, List.of(h), Ir.sum(i, Ir.mul(Ir.access(v, i, h), Ir.access(x, i)))));
        graph.define(new Definition(b, List.of(h), Ir.call(Fn.SIGMOID,
                Ir.sub(Ir.access(alpha, h), Ir.access(gamma, h)))));
    }

    private static Expr sigmoidOf(BigFraction c) {
        return Ir.call(Fn.SIGMOID, Ir.constant(c));
    }

    @Test
    void anExpectationThatHolds() {
        Expr lhs = Ir.access(b, new Position(1));
        ExampleChecker.Result r = ExampleChecker.check(graph, instance, lhs, sigmoidOf(new BigFraction(1, 2)), List.of());
        assertEquals(new ExampleChecker.Holds(1, 0), r);
    }

    @Test
    void anExpectationOverAnIndexReportsTheFirstFailingAssignment() {
        // b[h] == sigmoid(0.5) holds at h = 1 only: b[2] = sigmoid(-0.5)
        ExampleChecker.Fails fails = assertInstanceOf(ExampleChecker.Fails.class, ExampleChecker.check(graph,
                instance, Ir.access(b, h), sigmoidOf(new BigFraction(1, 2)), List.of(h)));
        assertEquals(Map.of(h, 2), fails.at());
        assertEquals(Fn.SIGMOID.apply(-0.5), fails.lhs(), 0);
        assertEquals(Fn.SIGMOID.apply(0.5), fails.rhs(), 0);
        assertEquals("at h = 2: lhs = " + Fn.SIGMOID.apply(-0.5) + ", rhs = " + Fn.SIGMOID.apply(0.5),
                fails.toString());
    }

    @Test
    void theToleranceIsRelative() {
        Expr lhs = Ir.access(b, new Position(1));
        Expr near = Ir.mul(Ir.constant(new BigFraction(100_000_001, 100_000_000)), sigmoidOf(new BigFraction(1, 2)));
        assertInstanceOf(ExampleChecker.Fails.class, ExampleChecker.check(graph, instance, lhs, near, List.of()));
        assertInstanceOf(ExampleChecker.Holds.class,
                ExampleChecker.check(graph, instance, lhs, near, List.of(), 1e-7));
    }
}
