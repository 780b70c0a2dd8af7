package dev.nabla.ir;

import dev.nabla.ir.Evaluator.Value;
import org.apache.commons.math3.fraction.BigFraction;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluatorTest {
    private final Dim d = new Dim("d");
    private final Dim q = new Dim("q");
    private final Index i = new Index("i", d);
    private final Index j = new Index("j", d);
    private final Index h = new Index("h", q);
    private final Tensor x = new Tensor("x", List.of(d), Tensor.Kind.INPUT);
    private final Tensor a = new Tensor("a", List.of(d, d), Tensor.Kind.PARAM);
    private final Tensor v = new Tensor("v", List.of(d, q), Tensor.Kind.PARAM);
    private final Graph graph = new Graph();

    EvaluatorTest() {
        graph.addLeaf(x);
        graph.addLeaf(a);
        graph.addLeaf(v);
    }

    private final Instance instance = new Instance(Map.of(d, 2, q, 3), Map.of(
            x, new double[] {1, 2},
            a, new double[] {1, 2, 3, 4},
            v, new double[] {1, 2, 3, 4, 5, 6}));

    private double[] values(Expr e, Index... over) {
        return new Evaluator(graph, instance).evaluate(e, List.of(over)).values();
    }

    private double scalar(Expr e) {
        return values(e)[0];
    }

    @Test
    void sumsOverTheBoundIndex() {
        assertEquals(3, scalar(Ir.sum(i, Ir.access(x, i))));
        // sum(i, v[i, h]) is the column sum, one per h
        assertArrayEquals(new double[] {5, 7, 9}, values(Ir.sum(i, Ir.access(v, i, h)), h));
        assertEquals(21, scalar(Ir.sum(List.of(i, h), Ir.access(v, i, h))));
    }

    @Test
    void positionsAreOneBased() {
        assertEquals(2, scalar(Ir.access(x, new Position(2))));
        assertArrayEquals(new double[] {4, 5, 6}, values(Ir.access(v, new Position(2), h), h));
        assertThrows(IllegalArgumentException.class, () -> scalar(Ir.access(x, new Position(3))));
    }

    @Test
    void aRepeatedIndexReadsTheDiagonal() {
        assertArrayEquals(new double[] {1, 4}, values(Ir.access(a, j, j), j));
        assertEquals(5, scalar(Ir.sum(j, Ir.access(a, j, j))));
    }

    @Test
    void rowMajorOrderFollowsTheIndexList() {
        assertArrayEquals(new double[] {1, 2, 3, 4}, values(Ir.access(a, i, j), i, j));
        assertArrayEquals(new double[] {1, 3, 2, 4}, values(Ir.access(a, i, j), j, i));
    }

    @Test
    void extraIndicesBroadcast() {
        assertArrayEquals(new double[] {1, 2, 1, 2, 1, 2}, values(Ir.access(x, i), h, i));
    }

    @Test
    void deltaIsOneOnTheDiagonal() {
        assertArrayEquals(new double[] {1, 0, 0, 1}, values(Ir.delta(i, j), i, j));
        assertArrayEquals(new double[] {0, 1}, values(Ir.delta(i, new Position(2)), i));
    }

    @Test
    void aDimUsedAsANumberIsItsSize() {
        assertEquals(3, scalar(Ir.dimSize(q)));
        // sum(h, x[i]) = q * x[i]
        assertArrayEquals(new double[] {3, 6}, values(Ir.sum(h, Ir.access(x, i)), i));
    }

    @Test
    void powersAndBuiltins() {
        assertArrayEquals(new double[] {1, 4}, values(Ir.pow(Ir.access(x, i), 2), i));
        assertEquals(Math.sqrt(2), scalar(Ir.pow(Ir.access(x, new Position(2)),
                Ir.constant(new BigFraction(1, 2)))), 0);
        assertEquals(1 / (1 + Math.exp(-2)), scalar(Ir.call(Fn.SIGMOID, Ir.access(x, new Position(2)))), 1e-16);
        assertEquals(Math.log(2), scalar(Ir.call(Fn.LOG, Ir.access(x, new Position(2)))), 0);
        assertEquals(0.25, scalar(Ir.div(Ir.ONE, Ir.constant(4))), 0);
    }

    @Test
    void definitionsChainAndAreGatheredLikeLeaves() {
        // alpha[h] = sum(i, v[i, h] * x[i]); b[h] = sigmoid(alpha[h]); E = 1/2 sum(h, b[h]^2)
        Graph g = new Graph();
        g.addLeaf(x);
        g.addLeaf(v);
        Tensor alpha = new Tensor("alpha", List.of(q), Tensor.Kind.DEFINED);
        Tensor b = new Tensor("b", List.of(q), Tensor.Kind.DEFINED);
        Tensor energy = new Tensor("E", List.of(), Tensor.Kind.DEFINED);
        g.define(new Definition(alpha, List.of(h), Ir.sum(i, Ir.mul(Ir.access(v, i, h), Ir.access(x, i)))));
        g.define(new Definition(b, List.of(h), Ir.call(Fn.SIGMOID, Ir.access(alpha, h))));
        g.define(new Definition(energy, List.of(),
                Ir.mul(Ir.constant(new BigFraction(1, 2)), Ir.sum(h, Ir.pow(Ir.access(b, h), 2)))));
        Evaluator ev = new Evaluator(g, instance);

        double[] alphas = {1 + 2 * 4, 2 + 2 * 5, 3 + 2 * 6};
        assertArrayEquals(alphas, ev.evaluate(Ir.access(alpha, h), List.of(h)).values());
        double expected = 0;
        for (double al : alphas) {
            double s = 1 / (1 + Math.exp(-al));
            expected += s * s / 2;
        }
        assertEquals(expected, ev.evaluate(Ir.access(energy), List.of()).values()[0], 1e-15);
        assertEquals(1 / (1 + Math.exp(-12)), ev.evaluate(Ir.access(b, new Position(2)), List.of()).values()[0],
                1e-16);
    }

    @Test
    void aDefinitionWhoseBodyListsItsIndicesInAnotherOrderIsTransposedCorrectly() {
        // t[h, i] = 2 * v[i, h]: the body's own index order is (i, h)
        Graph g = new Graph();
        g.addLeaf(v);
        Tensor t = new Tensor("t", List.of(q, d), Tensor.Kind.DEFINED);
        g.define(new Definition(t, List.of(h, i), Ir.mul(Ir.constant(2), Ir.access(v, i, h))));
        Evaluator ev = new Evaluator(g, instance);
        assertArrayEquals(new double[] {2, 8, 4, 10, 6, 12}, ev.evaluate(Ir.access(t, h, i), List.of(h, i)).values());
        assertArrayEquals(new double[] {6, 12}, ev.evaluate(Ir.access(t, new Position(3), j), List.of(j)).values());
    }

    @Test
    void aDiffNodeIsAnInternalError() {
        Expr diff = Ir.diff(Ir.access(x, i), x, List.of(j));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> values(diff, i, j));
        assertTrue(e.getMessage().contains("reached the evaluator"), e.getMessage());
    }

    @Test
    void theIndexListMustCoverTheFreeIndices() {
        assertThrows(IllegalArgumentException.class, () -> values(Ir.access(a, i, j), i));
    }

    @Test
    void aSharedDagIsEvaluatedOncePerNode() {
        // y_{k+1} = sin(y_k) + cos(y_k): 2^200 paths, 600 nodes
        Expr y = Ir.access(x, i);
        double[] oracle = {1, 2};
        for (int k = 0; k < 200; k++) {
            y = Ir.add(Ir.call(Fn.SIN, y), Ir.call(Fn.COS, y));
            for (int m = 0; m < 2; m++) {
                oracle[m] = Math.sin(oracle[m]) + Math.cos(oracle[m]);
            }
        }
        assertArrayEquals(oracle, values(y, i), 0);
    }

    @Test
    void aLongChainOfDefinitionsAndADeepExpressionNeedNoDeepStack() {
        Graph g = new Graph();
        g.addLeaf(x);
        Expr previous = Ir.access(x, i);
        for (int k = 0; k < 2000; k++) {
            Tensor t = new Tensor("t" + k, List.of(d), Tensor.Kind.DEFINED);
            g.define(new Definition(t, List.of(i), Ir.add(Ir.call(Fn.TANH, previous), previous)));
            previous = Ir.access(t, i);
        }
        Expr deep = previous;
        for (int k = 0; k < 20000; k++) {
            deep = Ir.call(Fn.SIN, deep);
        }
        double[] oracle = {1, 2};
        for (int m = 0; m < 2; m++) {
            for (int k = 0; k < 2000; k++) {
                oracle[m] = Math.tanh(oracle[m]) + oracle[m];
            }
            for (int k = 0; k < 20000; k++) {
                oracle[m] = Math.sin(oracle[m]);
            }
        }
        assertArrayEquals(oracle, new Evaluator(g, instance).evaluate(deep, List.of(i)).values(), 0);
    }

    @Test
    void nonFiniteValuesPropagate() {
        Value logs = new Evaluator(graph, instance.withValues(x, -1, 0))
                .evaluate(Ir.call(Fn.LOG, Ir.access(x, i)), List.of(i));
        assertTrue(Double.isNaN(logs.values()[0]));
        assertEquals(Double.NEGATIVE_INFINITY, logs.values()[1]);
        assertTrue(!logs.allFinite());
    }
}
