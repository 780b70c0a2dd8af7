package dev.nabla.autodiff;

import dev.nabla.ir.Definition;
import dev.nabla.ir.Dim;
import dev.nabla.ir.Evaluator;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Fn;
import dev.nabla.ir.Graph;
import dev.nabla.ir.Index;
import dev.nabla.ir.Instance;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Second derivatives through adjoint definitions that are constant along one of their indices. */
class NestedDiffTest {
    private final Dim d = new Dim("d");
    private final Dim q = new Dim("q");
    private final Index i = new Index("i", d);
    private final Index j = new Index("j", q);
    private final Index k = new Index("k", d);
    private final Index k2 = new Index("k2", d);
    private final Tensor x = new Tensor("x", List.of(d), Tensor.Kind.PARAM);
    private final Tensor w = new Tensor("w", List.of(d, q), Tensor.Kind.PARAM);
    private final Tensor t = new Tensor("t", List.of(d, q), Tensor.Kind.DEFINED);
    private final Tensor f = new Tensor("F", List.of(), Tensor.Kind.DEFINED);
    private final Graph graph = new Graph();

    NestedDiffTest() {
        graph.addLeaf(x);
        graph.addLeaf(w);
        graph.define(new Definition(t, List.of(i, j), Ir.access(w, i, j)));
        // F = sum(i, j, t[i, j] * exp(x[i])), so dF_dt[i, j] = exp(x[i]) does not depend on j
        graph.define(new Definition(f, List.of(), Ir.sum(List.of(i, j),
                Ir.mul(Ir.access(t, i, j), Ir.call(Fn.EXP, Ir.access(x, i))))));
    }

    @Test
    void aCallIsNotNamedByAnAdjointThatIsConstantAlongAnIndex() {
        ReverseMode reverse = new ReverseMode(graph);
        Expr hessian = reverse.expand(Ir.diff(Ir.diff(Ir.access(f, List.of()), x, List.of(k)), x, List.of(k2)));
        for (Definition def : graph.definitions()) {
            assertTrue(def.indices().containsAll(def.body().freeIndices()),
                    () -> "free indices beyond the definition's in " + def);
        }
        // d2F/dx[k]dx[k2] = delta(k, k2) exp(x[k]) sum(j, w[k, j])
        Instance at = new Instance(Map.of(d, 2, q, 3), Map.of())
                .withValues(x, 0.5, -1).withValues(w, 1, 2, 3, -1, 0.5, 0.25);
        Evaluator.Value v = new Evaluator(graph, at).evaluate(hessian, List.of(k, k2));
        double e0 = Math.exp(0.5) * 6;
        double e1 = Math.exp(-1) * -0.25;
        assertArrayEquals(new double[] {e0, 0, 0, e1}, v.values(), 1e-12);
    }
}
