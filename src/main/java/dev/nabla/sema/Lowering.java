package dev.nabla.sema;

import dev.nabla.ir.Dim;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Fn;
import dev.nabla.ir.Index;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Position;
import dev.nabla.ir.Subscript;
import dev.nabla.ir.Tensor;
import dev.nabla.syntax.Ast;
import org.apache.commons.math3.fraction.BigFraction;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lowers a checked program's syntax to IR: one {@link Tensor} per leaf and definition, one
 * {@link Dim} per dim, and expressions built through the smart constructors. {@code diff}
 * stays a {@link Expr.Diff} node here; reverse mode expands it.
 */
public final class Lowering {
    private final Program program;
    private final Map<String, Dim> dims = new LinkedHashMap<>();
    private final Map<String, Tensor> tensors = new LinkedHashMap<>();
    private final Map<Ast.Expr, Expr> memo = new IdentityHashMap<>();

    public Lowering(Program program) {
        this.program = program;
        for (Symbol s : program.symbols().values()) {
            if (s instanceof DimSymbol) {
                dims.put(s.name(), new Dim(s.name()));
            }
        }
        for (Symbol s : program.symbols().values()) {
            if (s instanceof LeafSymbol) {
                LeafSymbol leaf = (LeafSymbol) s;
                tensors.put(s.name(), new Tensor(s.name(), dimsOf(leaf.shape()), kindOf(leaf.kind())));
            } else if (s instanceof DefinitionSymbol) {
                List<Dim> shape = new ArrayList<>();
                for (IndexVar v : ((DefinitionSymbol) s).indices()) {
                    shape.add(dim(v.dim()));
                }
                tensors.put(s.name(), new Tensor(s.name(), shape, Tensor.Kind.DEFINED));
            }
        }
    }

    private List<Dim> dimsOf(List<DimSymbol> shape) {
        List<Dim> out = new ArrayList<>();
        for (DimSymbol d : shape) {
            out.add(dim(d));
        }
        return out;
    }

    private static Tensor.Kind kindOf(Ast.LeafKind k) {
        switch (k) {
            case INPUT: return Tensor.Kind.INPUT;
            case TARGET: return Tensor.Kind.TARGET;
            case PARAM: return Tensor.Kind.PARAM;
            default: return Tensor.Kind.CONST;
        }
    }

    public Program program() {
        return program;
    }

    public Dim dim(DimSymbol d) {
        return dims.get(d.name());
    }

    public Map<String, Dim> dims() {
        return dims;
    }

    /** The tensor of a leaf or definition. */
    public Tensor tensor(String name) {
        return tensors.get(name);
    }

    public Map<String, Tensor> tensors() {
        return tensors;
    }

    public Index index(IndexVar v) {
        return new Index(v.name(), dim(v.dim()));
    }

    /** A definition's index variables, in slot order. */
    public List<Index> indices(DefinitionSymbol d) {
        List<Index> out = new ArrayList<>();
        for (IndexVar v : d.indices()) {
            out.add(index(v));
        }
        return out;
    }

    /** The free indices of a checked statement (claim, derive, expect), in order of appearance. */
    public List<Index> freeIndices(Ast.Node statement) {
        List<Index> out = new ArrayList<>();
        for (IndexVar v : program.freeIndices(statement)) {
            out.add(index(v));
        }
        return out;
    }

    public static BigFraction exact(BigDecimal d) {
        BigInteger unscaled = d.unscaledValue();
        int scale = d.scale();
        return scale >= 0 ? new BigFraction(unscaled, BigInteger.TEN.pow(scale))
                : new BigFraction(unscaled.multiply(BigInteger.TEN.pow(-scale)));
    }

    public Expr lower(Ast.Expr e) {
        Expr done = memo.get(e);
        if (done == null) {
            done = build(e);
            memo.put(e, done);
        }
        return done;
    }

    private Expr build(Ast.Expr e) {
        if (e instanceof Ast.Num) {
            return Ir.constant(exact(((Ast.Num) e).value()));
        }
        if (e instanceof Ast.Ref) {
            Ast.Ref r = (Ast.Ref) e;
            Symbol s = program.symbol(r.name().text());
            if (s instanceof DimSymbol) {
                return Ir.dimSize(dim((DimSymbol) s));
            }
            return Ir.access(tensor(s.name()), subscripts(r.indices()));
        }
        if (e instanceof Ast.Neg) {
            return Ir.neg(lower(((Ast.Neg) e).operand()));
        }
        if (e instanceof Ast.Binary) {
            Ast.Binary b = (Ast.Binary) e;
            Expr l = lower(b.left());
            Expr r = lower(b.right());
            switch (b.op()) {
                case ADD: return Ir.add(l, r);
                case SUB: return Ir.sub(l, r);
                case MUL: return Ir.mul(l, r);
                case DIV: return Ir.div(l, r);
                default: return Ir.pow(l, r);
            }
        }
        if (e instanceof Ast.Call) {
            Ast.Call c = (Ast.Call) e;
            Fn fn = Fn.bySpelling(c.function().text());
            Expr arg = lower(c.args().get(0));
            Expr value = Ir.call(fn, arg);
            return c.prime() ? fn.derivative(arg, value) : value;
        }
        if (e instanceof Ast.Sum) {
            Ast.Sum s = (Ast.Sum) e;
            List<Index> bound = new ArrayList<>();
            for (Ast.Name n : s.indices()) {
                bound.add(index(program.indexVar(n)));
            }
            return Ir.sum(bound, lower(s.body()));
        }
        if (e instanceof Ast.Delta) {
            Ast.Delta d = (Ast.Delta) e;
            return Ir.delta(subscript(d.left()), subscript(d.right()));
        }
        Ast.Diff d = (Ast.Diff) e;
        return Ir.diff(lower(d.function()), tensor(d.variable().name().text()), subscripts(d.variable().indices()));
    }

    private List<Subscript> subscripts(List<Ast.Index> indices) {
        List<Subscript> out = new ArrayList<>();
        for (Ast.Index i : indices) {
            out.add(subscript(i));
        }
        return out;
    }

    private Subscript subscript(Ast.Index i) {
        if (i instanceof Ast.IndexLiteral) {
            return new Position(((Ast.IndexLiteral) i).position());
        }
        return index(program.indexVar(i));
    }
}
