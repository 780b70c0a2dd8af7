package dev.nabla.syntax;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Prints an AST back to {@code .nabla} source that parses to the same AST (spans aside):
 * parentheses only where precedence or associativity needs them, quoted labels quoted,
 * numbers in {@link BigDecimal#toString()} form, which the grammar accepts ({@code 1E+3},
 * {@code 1E-10}) and which re-parses to an {@code equals}-equal value (same scale).
 * Derivatives print as {@code diff(F, X)} and sums as {@code sum(...)}, whatever their spelling.
 * A negative {@link Ast.Num} (the parser never makes one) prints as a negated literal.
 */
public final class AstPrinter {
    private static final int ADDITIVE = 1;
    private static final int MULTIPLICATIVE = 2;
    private static final int UNARY = 3;
    private static final int POWER = 4;
    private static final int ATOM = 5;

    private AstPrinter() {
    }

    /** The whole file, one statement per line. */
    public static String print(Ast.NablaFile file) {
        StringBuilder out = new StringBuilder();
        for (Ast.Statement s : file.statements()) {
            out.append(print(s)).append('\n');
        }
        return out.toString();
    }

    public static String print(Ast.Statement s) {
        if (s instanceof Ast.DimDecl) {
            return "dim " + join(((Ast.DimDecl) s).items(), AstPrinter::dimItem);
        }
        if (s instanceof Ast.LeafDecl) {
            Ast.LeafDecl d = (Ast.LeafDecl) s;
            return d.kind().keyword() + " " + join(d.items(), AstPrinter::leafItem)
                    + (d.domain() == null ? "" : " " + domain(d.domain()));
        }
        if (s instanceof Ast.Definition) {
            Ast.Definition d = (Ast.Definition) s;
            List<String> lhs = new java.util.ArrayList<>();
            for (int k = 0; k < d.indices().size(); k++) {
                Ast.Name range = d.ranges().get(k);
                lhs.add(d.indices().get(k).text() + (range == null ? "" : " in " + range.text()));
            }
            return d.name().text() + (lhs.isEmpty() ? "" : "[" + String.join(", ", lhs) + "]") + " = " + print(d.body());
        }
        if (s instanceof Ast.Claim) {
            Ast.Claim c = (Ast.Claim) s;
            return c.keyword() + " " + (c.label() == null ? "" : label(c.label()) + ": ") + print(c.lhs()) + " == " + print(c.rhs());
        }
        if (s instanceof Ast.Derive) {
            Ast.Derive d = (Ast.Derive) s;
            return "derive " + labelThenSpace(d.label()) + "{\n    "
                    + d.steps().stream().map(AstPrinter::print).collect(Collectors.joining("\n  = ")) + "\n}";
        }
        if (s instanceof Ast.Example) {
            Ast.Example e = (Ast.Example) s;
            StringBuilder out = new StringBuilder("example ").append(labelThenSpace(e.label())).append("{\n");
            for (Ast.ExampleItem item : e.items()) {
                out.append("  ").append(exampleItem(item)).append('\n');
            }
            return out.append('}').toString();
        }
        Ast.Train t = (Ast.Train) s;
        return "train minimize " + t.objective().text() + " over " + join(t.parameters(), Ast.Name::text);
    }

    /** An expression with the fewest parentheses that keep its tree. */
    public static String print(Ast.Expr e) {
        StringBuilder out = new StringBuilder();
        expr(e, 0, out);
        return out.toString();
    }

    /** A number as the grammar reads it back to an equal {@link BigDecimal}. */
    public static String number(BigDecimal value) {
        return value.toString();
    }

    public static String print(Ast.Domain d) {
        return domain(d);
    }

    public static String print(Ast.Value v) {
        if (v instanceof Ast.ArrayValue) {
            return "[" + join(((Ast.ArrayValue) v).elements(), AstPrinter::print) + "]";
        }
        return print(((Ast.ScalarValue) v).expr());
    }

    // ---- pieces of statements -----------------------------------------------------------

    private static String dimItem(Ast.DimItem item) {
        return item.name().text() + (item.size() == null ? "" : " = " + number(item.size()));
    }

    private static String leafItem(Ast.LeafItem item) {
        return item.name().text() + shape(item.shape()) + (item.value() == null ? "" : " = " + print(item.value()));
    }

    private static String shape(List<Ast.Name> names) {
        return names.isEmpty() ? "" : "[" + join(names, Ast.Name::text) + "]";
    }

    private static String domain(Ast.Domain d) {
        if (d instanceof Ast.Interval) {
            Ast.Interval i = (Ast.Interval) d;
            return "in " + (i.loClosed() ? "[" : "(") + number(i.lo()) + ", " + number(i.hi()) + (i.hiClosed() ? "]" : ")");
        }
        if (d instanceof Ast.ValueSet) {
            return "in {" + join(((Ast.ValueSet) d).values(), AstPrinter::number) + "}";
        }
        Ast.Bound b = (Ast.Bound) d;
        return b.op().symbol + " " + number(b.value());
    }

    private static String exampleItem(Ast.ExampleItem item) {
        if (item instanceof Ast.ExampleDims) {
            return "dim " + join(((Ast.ExampleDims) item).items(), AstPrinter::dimItem);
        }
        if (item instanceof Ast.Binding) {
            Ast.Binding b = (Ast.Binding) item;
            return b.name().text() + " = " + print(b.value());
        }
        Ast.Expect x = (Ast.Expect) item;
        return "expect " + print(x.lhs()) + " == " + print(x.rhs())
                + (x.tolerance() == null ? "" : " within " + number(x.tolerance()));
    }

    private static String labelThenSpace(Ast.Label label) {
        return label == null ? "" : label(label) + " ";
    }

    private static String label(Ast.Label label) {
        if (!label.quoted()) {
            return label.text();
        }
        return "\"" + label.text().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    // ---- expressions --------------------------------------------------------------------

    private static int precedence(Ast.Expr e) {
        if (e instanceof Ast.Binary) {
            switch (((Ast.Binary) e).op()) {
                case ADD:
                case SUB:
                    return ADDITIVE;
                case MUL:
                case DIV:
                    return MULTIPLICATIVE;
                default:
                    return POWER;
            }
        }
        if (e instanceof Ast.Neg || e instanceof Ast.Num && ((Ast.Num) e).value().signum() < 0) {
            return UNARY;
        }
        return ATOM;
    }

    /** Appends {@code e}, parenthesized when it binds more loosely than its position requires. */
    private static void expr(Ast.Expr e, int required, StringBuilder out) {
        boolean parens = precedence(e) < required;
        if (parens) {
            out.append('(');
        }
        bare(e, out);
        if (parens) {
            out.append(')');
        }
    }

    private static void bare(Ast.Expr e, StringBuilder out) {
        if (e instanceof Ast.Num) {
            out.append(number(((Ast.Num) e).value()));
        } else if (e instanceof Ast.Ref) {
            ref((Ast.Ref) e, out);
        } else if (e instanceof Ast.Neg) {
            out.append('-');
            expr(((Ast.Neg) e).operand(), UNARY, out);
        } else if (e instanceof Ast.Binary) {
            binary((Ast.Binary) e, out);
        } else if (e instanceof Ast.Call) {
            Ast.Call c = (Ast.Call) e;
            out.append(c.function().text()).append(c.prime() ? "'(" : "(");
            arguments(c.args(), out);
            out.append(')');
        } else if (e instanceof Ast.Sum) {
            Ast.Sum s = (Ast.Sum) e;
            List<String> binders = new java.util.ArrayList<>();
            for (int k = 0; k < s.indices().size(); k++) {
                Ast.Name range = s.ranges().get(k);
                binders.add(s.indices().get(k).text() + (range == null ? "" : " in " + range.text()));
            }
            out.append("sum(").append(String.join(", ", binders)).append(", ");
            expr(s.body(), 0, out);
            out.append(')');
        } else if (e instanceof Ast.Delta) {
            Ast.Delta d = (Ast.Delta) e;
            out.append("delta(").append(index(d.left())).append(", ").append(index(d.right())).append(')');
        } else {
            Ast.Diff d = (Ast.Diff) e;
            out.append("diff(");
            expr(d.function(), 0, out);
            out.append(", ");
            ref(d.variable(), out);
            out.append(')');
        }
    }

    private static void binary(Ast.Binary b, StringBuilder out) {
        switch (b.op()) {
            case ADD:
            case SUB:
                // left-associative: a right operand of the same level needs parentheses, a - (b - c)
                expr(b.left(), ADDITIVE, out);
                out.append(' ').append(b.op().symbol).append(' ');
                expr(b.right(), MULTIPLICATIVE, out);
                break;
            case MUL:
            case DIV:
                expr(b.left(), MULTIPLICATIVE, out);
                out.append(' ').append(b.op().symbol).append(' ');
                expr(b.right(), UNARY, out);
                break;
            default:
                // right-associative and tighter than unary minus: (a^b)^c, (-x)^2, but x^-1 and a^b^c
                expr(b.left(), ATOM, out);
                out.append('^');
                expr(b.right(), UNARY, out);
                break;
        }
    }

    private static void arguments(List<Ast.Expr> args, StringBuilder out) {
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            expr(args.get(i), 0, out);
        }
    }

    private static void ref(Ast.Ref r, StringBuilder out) {
        out.append(r.name().text());
        if (!r.indices().isEmpty()) {
            out.append('[').append(join(r.indices(), AstPrinter::index)).append(']');
        }
    }

    private static String index(Ast.Index i) {
        return i instanceof Ast.IndexName ? ((Ast.IndexName) i).name() : Integer.toString(((Ast.IndexLiteral) i).position());
    }

    private static <T> String join(List<T> items, Function<T, String> show) {
        return items.stream().map(show).collect(Collectors.joining(", "));
    }
}
