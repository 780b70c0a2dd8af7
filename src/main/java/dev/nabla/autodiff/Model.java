package dev.nabla.autodiff;

import dev.nabla.ir.Definition;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Fn;
import dev.nabla.ir.Graph;
import dev.nabla.ir.Ir;
import dev.nabla.sema.Lowering;
import dev.nabla.ir.Tensor;
import dev.nabla.sema.DefinitionSymbol;
import dev.nabla.sema.Program;
import dev.nabla.sema.Symbol;
import dev.nabla.syntax.Ast;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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

    /**
     * The partial operations of an expression as written, and of every definition it names:
     * each division's {@code 1/divisor}, each power but to a natural number, each log and sqrt.
     * The expression is defined exactly where all of them are (over all their free indices),
     * though simplification may have folded some away ({@code log(u) - log(u)} is 0).
     */
    public Set<Expr> partialOperations(Ast.Expr e) {
        Set<Expr> out = new LinkedHashSet<>();
        collectPartialOperations(e, out, new HashSet<>());
        return out;
    }

    private void collectPartialOperations(Ast.Expr e, Set<Expr> out, Set<String> definitionsSeen) {
        if (e instanceof Ast.Ref) {
            Symbol s = lowering.program().symbol(((Ast.Ref) e).name().text());
            if (s instanceof DefinitionSymbol && definitionsSeen.add(s.name())) {
                collectPartialOperations(((DefinitionSymbol) s).definition().body(), out, definitionsSeen);
            }
            return;
        }
        if (e instanceof Ast.Binary) {
            Ast.Binary b = (Ast.Binary) e;
            if (b.op() == Ast.BinaryOp.DIV) {
                out.add(reverseMode.expand(Ir.pow(lowering.lower(b.right()), -1)));
            } else if (b.op() == Ast.BinaryOp.POW && !isNaturalNumber(b.right())) {
                out.add(lower(e));
            }
        } else if (e instanceof Ast.Call) {
            Fn fn = Fn.bySpelling(((Ast.Call) e).function().text());
            if (fn == Fn.LOG || fn == Fn.SQRT) {
                out.add(lower(e));
            }
        }
        for (Ast.Expr child : children(e)) {
            collectPartialOperations(child, out, definitionsSeen);
        }
    }

    private static boolean isNaturalNumber(Ast.Expr e) {
        return e instanceof Ast.Num && ((Ast.Num) e).value().signum() >= 0
                && ((Ast.Num) e).value().stripTrailingZeros().scale() <= 0;
    }

    private static List<Ast.Expr> children(Ast.Expr e) {
        if (e instanceof Ast.Neg) {
            return List.of(((Ast.Neg) e).operand());
        }
        if (e instanceof Ast.Binary) {
            return List.of(((Ast.Binary) e).left(), ((Ast.Binary) e).right());
        }
        if (e instanceof Ast.Call) {
            return ((Ast.Call) e).args();
        }
        if (e instanceof Ast.Sum) {
            return List.of(((Ast.Sum) e).body());
        }
        if (e instanceof Ast.Diff) {
            return List.of(((Ast.Diff) e).function(), ((Ast.Diff) e).variable());
        }
        return List.of();
    }
}
