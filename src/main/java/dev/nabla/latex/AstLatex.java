package dev.nabla.latex;

import dev.nabla.sema.IndexVar;
import dev.nabla.sema.Program;
import dev.nabla.syntax.Ast;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders a file's claims, derive chains and expects as the user wrote them, in LaTeX: the
 * syntax tree, not the simplified IR, so that a formula reads as it does in the file. Index
 * ranges (for {@code \sum_{j=1}^{l}} and the per-sample superscript) come from the resolved
 * program; where an ill-formed statement left an index unresolved, it is written without one.
 */
public final class AstLatex {
    private final Program program;
    private final Notation notation;

    public AstLatex(Program program, Notation notation) {
        this.program = program;
        this.notation = notation;
    }

    /** A claim {@code lhs = rhs}, a derive chain as aligned steps, an example's expects; null for other statements. */
    public String statement(Ast.Statement s) {
        if (s instanceof Ast.Claim) {
            Ast.Claim c = (Ast.Claim) s;
            return expr(c.lhs()) + " = " + expr(c.rhs());
        }
        if (s instanceof Ast.Derive) {
            List<Ast.Expr> steps = ((Ast.Derive) s).steps();
            StringBuilder out = new StringBuilder("\\begin{aligned}\n").append(expr(steps.get(0)));
            for (int k = 1; k < steps.size(); k++) {
                out.append(k == 1 ? " " : "\\\\\n").append("&= ").append(expr(steps.get(k)));
            }
            return out.append("\n\\end{aligned}").toString();
        }
        if (s instanceof Ast.Example) {
            List<String> expects = new ArrayList<>();
            for (Ast.ExampleItem item : ((Ast.Example) s).items()) {
                if (item instanceof Ast.Expect) {
                    Ast.Expect x = (Ast.Expect) item;
                    expects.add(expr(x.lhs()) + " &= " + expr(x.rhs()) + (x.tolerance() == null ? ""
                            : " \\quad (\\pm " + notation.decimal(x.tolerance().toString()) + ")"));
                }
            }
            return "\\begin{aligned}\n" + String.join("\\\\\n", expects) + "\n\\end{aligned}";
        }
        return null;
    }

    /** One expression, with the fewest parentheses that keep its reading. */
    public String expr(Ast.Expr e) {
        return tex(e).text();
    }

    private Tex tex(Ast.Expr e) {
        if (e instanceof Ast.Num) {
            String d = notation.decimal(((Ast.Num) e).value().toString());
            return d.contains("10^") ? new Tex(d, d.contains("\\times") ? Tex.MUL : Tex.POW, false, true) : Tex.atom(d);
        }
        if (e instanceof Ast.Ref) {
            return Tex.atom(ref((Ast.Ref) e));
        }
        if (e instanceof Ast.Neg) {
            Tex operand = tex(((Ast.Neg) e).operand());
            String inner = operand.level() == Tex.ADD ? notation.parens(operand.text()) : operand.text();
            return new Tex("-" + inner, Tex.NEG, operand.open(), false);
        }
        if (e instanceof Ast.Binary) {
            return binary((Ast.Binary) e);
        }
        if (e instanceof Ast.Call) {
            Ast.Call c = (Ast.Call) e;
            List<String> args = new ArrayList<>();
            for (Ast.Expr a : c.args()) {
                args.add(expr(a));
            }
            return Tex.atom(notation.call(c.function().text(), c.prime(), String.join(", ", args)));
        }
        if (e instanceof Ast.Sum) {
            Ast.Sum s = (Ast.Sum) e;
            Tex body = tex(s.body());
            String text = body.level() == Tex.ADD ? notation.parens(body.text()) : body.text();
            for (int k = s.indices().size() - 1; k >= 0; k--) {
                Ast.Name binder = s.indices().get(k);
                Ast.Name declared = s.ranges().get(k);
                text = notation.sum(binder.text(), declared != null ? declared.text() : dimOf(binder), text);
            }
            return new Tex(text, Tex.BIG_OPERATOR, true, false);
        }
        if (e instanceof Ast.Delta) {
            Ast.Delta d = (Ast.Delta) e;
            return Tex.atom(notation.delta(indexText(d.left()), indexText(d.right())));
        }
        return diff((Ast.Diff) e);
    }

    private Tex binary(Ast.Binary b) {
        Tex left = tex(b.left());
        Tex right = tex(b.right());
        switch (b.op()) {
            case ADD:
                return new Tex(left.text() + " + " + right.text(), Tex.ADD, false, false);
            case SUB: {
                String r = right.level() == Tex.ADD ? notation.parens(right.text()) : right.text();
                return new Tex(left.text() + " - " + r, Tex.ADD, false, false);
            }
            case MUL: {
                List<String> factors = new ArrayList<>();
                factors.add(left.asFactor(notation, true, false));
                factors.add(right.asFactor(notation, false, true));
                return new Tex(Tex.juxtapose(factors), Tex.MUL, right.open(), false);
            }
            case DIV:
                if (b.left() instanceof Ast.Neg) {
                    // -lambda/m reads as the book writes it, a negated fraction
                    String numerator = expr(((Ast.Neg) b.left()).operand());
                    return new Tex("-" + notation.fraction(numerator, right.text()), Tex.NEG, false, false);
                }
                return new Tex(notation.fraction(left.text(), right.text()), Tex.FRACTION, false, false);
            default:
                return new Tex(left.asBase(notation) + "^{" + right.text() + "}", Tex.POW, false, true);
        }
    }

    /** {@code \frac{\partial E}{\partial w_{hj}}}; of a derivative of a name, one fraction of higher order. */
    private Tex diff(Ast.Diff d) {
        List<String> variables = new ArrayList<>();
        Ast.Expr f = d;
        while (f instanceof Ast.Diff) {
            variables.add(ref(((Ast.Diff) f).variable()));
            f = ((Ast.Diff) f).function();
        }
        if (f instanceof Ast.Ref) {
            return new Tex(notation.partial(ref((Ast.Ref) f), variables), Tex.FRACTION, false, false);
        }
        Tex function = tex(((Ast.Diff) d).function());
        String operator = notation.partial("", List.of(ref(d.variable())));
        return new Tex(operator + " " + notation.parens(function.text()), Tex.FRACTION, false, false);
    }

    private String ref(Ast.Ref r) {
        List<Notation.Slot> slots = new ArrayList<>();
        for (Ast.Index i : r.indices()) {
            slots.add(new Notation.Slot(indexText(i), i instanceof Ast.IndexName ? dimOf(i) : null));
        }
        return notation.access(r.name().text(), slots);
    }

    private static String indexText(Ast.Index i) {
        return i instanceof Ast.IndexName ? ((Ast.IndexName) i).name() : Integer.toString(((Ast.IndexLiteral) i).position());
    }

    /** The dim an index occurrence or binder ranges over, or null where it was not resolved. */
    private String dimOf(Ast.Node occurrence) {
        IndexVar v = program.indexVars().get(occurrence);
        return v == null || v.dim() == null ? null : v.dim().name();
    }
}
