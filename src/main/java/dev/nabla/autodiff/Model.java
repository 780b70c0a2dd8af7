package dev.nabla.autodiff;

import dev.nabla.ir.Definition;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Graph;
import dev.nabla.ir.Lowering;
import dev.nabla.ir.Tensor;
import dev.nabla.sema.DefinitionSymbol;
import dev.nabla.sema.Program;
import dev.nabla.syntax.Ast;

/**
 * A checked program as a computation graph with every {@code diff} expanded: the forward
 * definitions in dependency order, the adjoint definitions reverse mode added for them, and
 * a way to lower any further expression (claims, derive steps, expects) the same way.
 */
public final class Model {
    private final Lowering lowering;
    private final Graph graph = new Graph();
    private final ReverseMode reverseMode;

    public Model(Program program) {
        this.lowering = new Lowering(program);
        this.reverseMode = new ReverseMode(graph, program.symbols().keySet());
        for (Tensor t : lowering.tensors().values()) {
            if (t.isLeaf()) {
                graph.addLeaf(t);
            }
        }
        // dependency order, so that a definition using diff(F, X) finds F's graph complete
        for (DefinitionSymbol d : program.definitions()) {
            Expr body = reverseMode.expand(lowering.lower(d.definition().body()));
            graph.define(new Definition(lowering.tensor(d.name()), lowering.indices(d), body));
        }
    }

    public Lowering lowering() {
        return lowering;
    }

    public Graph graph() {
        return graph;
    }

    public ReverseMode reverseMode() {
        return reverseMode;
    }

    /** An expression of the program, lowered, with its diffs expanded. */
    public Expr lower(Ast.Expr e) {
        return reverseMode.expand(lowering.lower(e));
    }
}
