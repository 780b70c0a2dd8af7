package dev.nabla.verify;

import dev.nabla.ir.Dim;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Fn;
import dev.nabla.ir.Graph;
import dev.nabla.ir.Index;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Tensor;
import dev.nabla.sema.Limits;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SizeLimitTest {
    private final Dim n = new Dim("n");
    private final Dim m = new Dim("m");
    private final Index i = new Index("i", n);
    private final Index j = new Index("j", n);
    private final Tensor x = new Tensor("x", List.of(n), Tensor.Kind.INPUT);
    private final Tensor w = new Tensor("w", List.of(n, m), Tensor.Kind.PARAM);
    private final Graph graph = new Graph();

    SizeLimitTest() {
        graph.addLeaf(x);
        graph.addLeaf(w);
    }

    /** sum(i, j, exp(x[i] * x[j])) is scalar, but its body is a value over n × n. */
    private SizeLimit outerProduct() {
        Expr body = Ir.call(Fn.EXP, Ir.mul(Ir.access(x, i), Ir.access(x, j)));
        return SizeLimit.of(graph, List.of(x), List.of(), Ir.sum(i, Ir.sum(j, body)));
    }

    @Test
    void aValueInBetweenCountsAsMuchAsATensor() {
        assertNull(outerProduct().excess(d -> 1000, "these sizes"));
        assertEquals("a value over n × n would have 1002001 elements at n = 1001 (these sizes); nabla evaluates at"
                + " most " + Limits.MAX_ELEMENTS + " elements per tensor",
                outerProduct().excess(d -> 1001, "these sizes"));
    }

    @Test
    void sizesAreHalvedUntilEveryValueFitsButNeverBelowTheirLowerBounds() {
        SizeLimit limit = SizeLimit.of(graph, List.of(x, w), List.of());
        assertEquals(Map.of(n, 4000, m, 5), limit.fit(Map.of(n, 4000, m, 5), d -> 1));
        assertEquals(Map.of(n, 4000, m, 250), limit.fit(Map.of(n, 4000, m, 2000), d -> d == m ? 1 : 4000));
        assertEquals(Map.of(n, 2000, m, 500), limit.fit(Map.of(n, 4000, m, 500), d -> 1));
        assertNull(limit.fit(Map.of(n, 4000, m, 500), d -> d == m ? 500 : 4000));
        assertEquals("w[n, m] would have 2000000 elements at n = 4000, m = 500 (the lower bounds); nabla evaluates"
                + " at most " + Limits.MAX_ELEMENTS + " elements per tensor",
                limit.excess(d -> d == m ? 500 : 4000, "the lower bounds"));
    }
}
