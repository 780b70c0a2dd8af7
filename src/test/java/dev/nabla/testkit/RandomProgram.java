package dev.nabla.testkit;

import dev.nabla.ir.Definition;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Graph;
import dev.nabla.ir.Index;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Tensor;

import java.util.List;

/**
 * A random indexed program over {@link Leaves}: {@code t1[i]} over d, {@code t2[i, j]} over
 * d×q using t1, and a scalar objective {@code F = sum(i, j, t2[i, j] * ...) + ...}.
 *
 * @param graph     leaves and the three definitions
 * @param objective the defined scalar tensor F
 */
public record RandomProgram(Leaves leaves, Graph graph, Tensor objective) {

    /** The program as a {@code .nabla} file: the leaves' declarations and the definitions. */
    public String source() {
        StringBuilder s = new StringBuilder(leaves.declarations());
        for (Definition d : graph.definitions()) {
            s.append(dev.nabla.ir.Printer.print(d)).append('\n');
        }
        return s.toString();
    }

    /** F's body, the objective as an expression rather than a named tensor. */
    public Expr body() {
        return graph.definition(objective).body();
    }

    public Expr access() {
        return Ir.access(objective, List.of());
    }

    public static RandomProgram generate(long seed, int depth) {
        return generate(seed, depth, false);
    }

    /**
     * @param diffs whether definitions may contain {@code diff}s; such a graph is for printing
     *              as source, since reverse mode reads only expanded definitions
     */
    public static RandomProgram generate(long seed, int depth, boolean diffs) {
        Leaves leaves = new Leaves();
        Choices ch = new Choices(seed);
        Graph graph = leaves.graph();
        ExprGen gen = new ExprGen(leaves, ch);
        if (diffs) {
            gen.withDiffs();
        }
        Index i = new Index("i", leaves.d);
        Index j = new Index("j", leaves.q);

        Tensor t1 = new Tensor("t1", List.of(leaves.d), Tensor.Kind.DEFINED);
        graph.define(new Definition(t1, List.of(i), gen.mentioning(gen.expr(depth, List.of(i)), List.of(i))));
        gen.use(t1);
        Tensor t2 = new Tensor("t2", List.of(leaves.d, leaves.q), Tensor.Kind.DEFINED);
        Expr body2 = Ir.mul(gen.expr(depth, List.of(i, j)), Ir.access(t1, i));
        graph.define(new Definition(t2, List.of(i, j), gen.mentioning(body2, List.of(i, j))));
        gen.use(t2);

        Expr objective = Ir.add(
                Ir.sum(List.of(i, j), Ir.mul(Ir.access(t2, i, j), gen.expr(depth - 1, List.of(i, j)))),
                gen.expr(depth, List.of()));
        Tensor f = new Tensor("F", List.of(), Tensor.Kind.DEFINED);
        graph.define(new Definition(f, List.of(), objective));
        return new RandomProgram(leaves, graph, f);
    }
}
