package dev.nabla.syntax;

import dev.nabla.diag.SourceSpan;
import dev.nabla.syntax.generated.NablaLexer;
import dev.nabla.syntax.generated.NablaParser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ErrorNode;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a parse tree into located AST records and reports the errors the grammar leaves
 * open on purpose (arity of {@code sum}/{@code delta}/{@code diff}, index literals, ...),
 * because a precise message at the offending argument beats a generic syntax error.
 * Statements whose parse tree holds a syntax error are skipped.
 */
final class AstBuilder {
    private final String file;
    private final SyntaxErrors errors;

    AstBuilder(String file, SyntaxErrors errors) {
        this.file = file;
        this.errors = errors;
    }

    Ast.NablaFile file(NablaParser.FileContext ctx) {
        List<Ast.Statement> statements = new ArrayList<>();
        for (NablaParser.StatementContext s : ctx.statement()) {
            if (isClean(s)) {
                statements.add(statement(s));
            }
        }
        SourceSpan whole = new SourceSpan(file, 1, 1, ctx.getStop().getLine(), ctx.getStop().getCharPositionInLine() + 1);
        return new Ast.NablaFile(whole, statements);
    }

    /** True when ANTLR recovered nowhere inside {@code tree}: only then are all its parts present. */
    private static boolean isClean(ParseTree tree) {
        if (tree instanceof ErrorNode) {
            return false;
        }
        if (tree instanceof ParserRuleContext && ((ParserRuleContext) tree).exception != null) {
            return false;
        }
        for (int i = 0; i < tree.getChildCount(); i++) {
            if (!isClean(tree.getChild(i))) {
                return false;
            }
        }
        return true;
    }

    // ---- statements ---------------------------------------------------------------------

    private Ast.Statement statement(NablaParser.StatementContext ctx) {
        if (ctx instanceof NablaParser.DimDeclContext) {
            return new Ast.DimDecl(span(ctx), dimItems(((NablaParser.DimDeclContext) ctx).dimItem()));
        }
        if (ctx instanceof NablaParser.LeafDeclContext) {
            return leafDecl((NablaParser.LeafDeclContext) ctx);
        }
        if (ctx instanceof NablaParser.DefinitionContext) {
            NablaParser.DefinitionContext d = (NablaParser.DefinitionContext) ctx;
            List<Ast.Name> indices = new ArrayList<>();
            List<Ast.Name> ranges = new ArrayList<>();
            for (NablaParser.LhsIndexContext i : d.lhsIndex()) {
                indices.add(name(i.NAME(0)));
                ranges.add(i.range == null ? null : name(i.NAME(1)));
            }
            return new Ast.Definition(span(ctx), name(d.NAME()), indices, ranges, expr(d.expr()));
        }
        if (ctx instanceof NablaParser.ClaimContext) {
            NablaParser.ClaimContext c = (NablaParser.ClaimContext) ctx;
            return new Ast.Claim(span(c), label(c.label()), expr(c.expr(0)), expr(c.expr(1)),
                    c.refute() != null);
        }
        if (ctx instanceof NablaParser.DeriveContext) {
            return derive((NablaParser.DeriveContext) ctx);
        }
        if (ctx instanceof NablaParser.ExampleContext) {
            NablaParser.ExampleContext c = (NablaParser.ExampleContext) ctx;
            List<Ast.ExampleItem> items = new ArrayList<>();
            for (NablaParser.ExampleItemContext item : c.exampleItem()) {
                if (!(item instanceof NablaParser.ExampleSemiContext)) {
                    items.add(exampleItem(item));
                }
            }
            return new Ast.Example(span(c), label(c.label()), items);
        }
        if (ctx instanceof NablaParser.TrainContext) {
            List<TerminalNode> names = ((NablaParser.TrainContext) ctx).NAME();
            return new Ast.Train(span(ctx), name(names.get(0)), names(names.subList(1, names.size())));
        }
        throw new IllegalStateException("statement kind missing from the AST builder: " + ctx.getClass());
    }

    private List<Ast.DimItem> dimItems(List<NablaParser.DimItemContext> contexts) {
        List<Ast.DimItem> items = new ArrayList<>();
        for (NablaParser.DimItemContext item : contexts) {
            BigDecimal size = item.NUMBER() == null ? null : number(item.NUMBER().getSymbol());
            items.add(new Ast.DimItem(span(item), name(item.NAME()), size));
        }
        return items;
    }

    private Ast.Statement leafDecl(NablaParser.LeafDeclContext ctx) {
        Ast.LeafKind kind = Ast.LeafKind.valueOf(ctx.kind.getText().toUpperCase(java.util.Locale.ROOT));
        List<Ast.LeafItem> items = new ArrayList<>();
        for (NablaParser.LeafItemContext item : ctx.leafItem()) {
            List<TerminalNode> names = item.NAME();
            Ast.Expr value = item.expr() == null ? null : expr(item.expr());
            if (value != null && kind != Ast.LeafKind.CONST) {
                errors.report(span(item.expr()), "only a const can be given a value, not " + kind.keyword()
                        + " '" + names.get(0).getText() + "'");
            }
            items.add(new Ast.LeafItem(span(item), name(names.get(0)), names(names.subList(1, names.size())), value));
        }
        return new Ast.LeafDecl(span(ctx), kind, items, ctx.domain() == null ? null : domain(ctx.domain()));
    }

    private Ast.Domain domain(NablaParser.DomainContext ctx) {
        if (ctx instanceof NablaParser.IntervalContext) {
            NablaParser.IntervalContext c = (NablaParser.IntervalContext) ctx;
            return new Ast.Interval(span(c), signed(c.signedNumber(0)), c.open.getType() == NablaLexer.LBRACK,
                    signed(c.signedNumber(1)), c.close.getType() == NablaLexer.RBRACK);
        }
        if (ctx instanceof NablaParser.ValueSetContext) {
            List<BigDecimal> values = new ArrayList<>();
            for (NablaParser.SignedNumberContext n : ((NablaParser.ValueSetContext) ctx).signedNumber()) {
                values.add(signed(n));
            }
            return new Ast.ValueSet(span(ctx), values);
        }
        NablaParser.BoundContext c = (NablaParser.BoundContext) ctx;
        for (Ast.Comparison op : Ast.Comparison.values()) {
            if (op.symbol.equals(c.op.getText())) {
                return new Ast.Bound(span(c), op, signed(c.signedNumber()));
            }
        }
        throw new IllegalStateException("the grammar admits no comparison " + c.op.getText());
    }

    private BigDecimal signed(NablaParser.SignedNumberContext ctx) {
        BigDecimal magnitude = number(ctx.NUMBER().getSymbol());
        return ctx.MINUS() != null ? magnitude.negate() : magnitude;
    }

    private Ast.Statement derive(NablaParser.DeriveContext ctx) {
        List<Ast.Expr> steps = new ArrayList<>();
        for (NablaParser.ExprContext e : ctx.expr()) {
            steps.add(expr(e));
        }
        if (steps.size() < 2) {
            errors.report(span(ctx), "a derivation needs at least two steps, as in derive { e0 = e1 }");
        }
        return new Ast.Derive(span(ctx), label(ctx.label()), steps);
    }

    private Ast.ExampleItem exampleItem(NablaParser.ExampleItemContext ctx) {
        if (ctx instanceof NablaParser.ExampleDimsContext) {
            List<Ast.DimItem> items = dimItems(((NablaParser.ExampleDimsContext) ctx).dimItem());
            for (Ast.DimItem item : items) {
                if (item.size() == null) {
                    errors.report(item.span(), "a dim in an example needs a size, as in dim "
                            + item.name().text() + " = 2");
                }
            }
            return new Ast.ExampleDims(span(ctx), items);
        }
        if (ctx instanceof NablaParser.BindingContext) {
            NablaParser.BindingContext c = (NablaParser.BindingContext) ctx;
            return new Ast.Binding(span(c), name(c.NAME()), value(c.value()));
        }
        NablaParser.ExpectContext c = (NablaParser.ExpectContext) ctx;
        BigDecimal tolerance = c.NUMBER() == null ? null : number(c.NUMBER().getSymbol());
        return new Ast.Expect(span(c), expr(c.expr(0)), expr(c.expr(1)), tolerance);
    }

    private Ast.Value value(NablaParser.ValueContext ctx) {
        if (ctx instanceof NablaParser.ArrayValueContext) {
            List<Ast.Value> elements = new ArrayList<>();
            for (NablaParser.ValueContext v : ((NablaParser.ArrayValueContext) ctx).value()) {
                elements.add(value(v));
            }
            return new Ast.ArrayValue(span(ctx), elements);
        }
        return new Ast.ScalarValue(span(ctx), expr(((NablaParser.ScalarValueContext) ctx).expr()));
    }

    private Ast.Label label(NablaParser.LabelContext ctx) {
        if (ctx == null) {
            return null;
        }
        if (ctx.STRING() != null) {
            String quoted = ctx.STRING().getText();
            return new Ast.Label(span(ctx), unescape(quoted.substring(1, quoted.length() - 1)), true);
        }
        return new Ast.Label(span(ctx), ctx.NAME().getText(), false);
    }

    /** The grammar allows only the escapes backslash-quote and backslash-backslash. */
    private static String unescape(String body) {
        StringBuilder out = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                c = body.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }

    // ---- expressions --------------------------------------------------------------------

    private Ast.Expr expr(NablaParser.ExprContext ctx) {
        Ast.Expr result = term(ctx.operands.get(0));
        for (int k = 1; k < ctx.operands.size(); k++) {
            Ast.BinaryOp op = ctx.ops.get(k - 1).getType() == NablaLexer.PLUS ? Ast.BinaryOp.ADD : Ast.BinaryOp.SUB;
            NablaParser.TermContext right = ctx.operands.get(k);
            result = new Ast.Binary(Spans.of(file, ctx.getStart(), right.getStop()), op, result, term(right));
        }
        return result;
    }

    private Ast.Expr term(NablaParser.TermContext ctx) {
        Ast.Expr result = unary(ctx.operands.get(0));
        for (int k = 1; k < ctx.operands.size(); k++) {
            Ast.BinaryOp op = ctx.ops.get(k - 1).getType() == NablaLexer.STAR ? Ast.BinaryOp.MUL : Ast.BinaryOp.DIV;
            NablaParser.UnaryContext right = ctx.operands.get(k);
            result = new Ast.Binary(Spans.of(file, ctx.getStart(), right.getStop()), op, result, unary(right));
        }
        return result;
    }

    private Ast.Expr unary(NablaParser.UnaryContext ctx) {
        if (ctx.MINUS() != null) {
            return new Ast.Neg(span(ctx), unary(ctx.unary()));
        }
        NablaParser.PowerContext power = ctx.power();
        Ast.Expr base = primary(power.primary());
        if (power.unary() == null) {
            return base;
        }
        return new Ast.Binary(span(power), Ast.BinaryOp.POW, base, unary(power.unary()));
    }

    private Ast.Expr primary(NablaParser.PrimaryContext ctx) {
        if (ctx instanceof NablaParser.NumberContext) {
            return new Ast.Num(span(ctx), number(ctx.getStart()));
        }
        if (ctx instanceof NablaParser.RefContext) {
            NablaParser.RefContext c = (NablaParser.RefContext) ctx;
            List<Ast.Index> indices = new ArrayList<>();
            for (NablaParser.IndexContext i : c.index()) {
                indices.add(index(i));
            }
            return new Ast.Ref(span(c), name(c.NAME()), indices);
        }
        if (ctx instanceof NablaParser.ParensContext) {
            return expr(((NablaParser.ParensContext) ctx).expr());
        }
        if (ctx instanceof NablaParser.CallContext) {
            NablaParser.CallContext c = (NablaParser.CallContext) ctx;
            return new Ast.Call(span(c), name(c.NAME()), c.PRIME() != null, args(c.args()));
        }
        if (ctx instanceof NablaParser.SumContext) {
            return sum((NablaParser.SumContext) ctx);
        }
        if (ctx instanceof NablaParser.DeltaContext) {
            return delta((NablaParser.DeltaContext) ctx);
        }
        if (ctx instanceof NablaParser.DiffContext) {
            NablaParser.DiffContext c = (NablaParser.DiffContext) ctx;
            List<Ast.Expr> args = args(c.args());
            if (args.size() != 2) {
                errors.report(span(c), "diff takes 2 arguments, as in diff(E, w[h, j]), but has " + args.size());
                return placeholder(c);
            }
            return diff(c, args.get(0), args.get(1));
        }
        NablaParser.PartialContext c = (NablaParser.PartialContext) ctx;
        return diff(c, primary(c.function), primary(c.variable));
    }

    private List<Ast.Expr> args(NablaParser.ArgsContext ctx) {
        List<Ast.Expr> args = new ArrayList<>();
        if (ctx != null) {
            for (NablaParser.ExprContext e : ctx.expr()) {
                args.add(expr(e));
            }
        }
        return args;
    }

    private Ast.Expr sum(NablaParser.SumContext ctx) {
        String keyword = ctx.SUM().getText();
        List<NablaParser.SumArgContext> args = ctx.sumArgs() == null ? List.of() : ctx.sumArgs().sumArg();
        if (args.size() < 2) {
            errors.report(span(ctx), keyword + " takes index names and then a body, as in " + keyword
                    + "(i, x[i]), but has " + args.size() + (args.size() == 1 ? " argument" : " arguments"));
            return placeholder(ctx);
        }
        NablaParser.SumArgContext last = args.get(args.size() - 1);
        if (last.expr() == null) {
            errors.report(span(last), "the last argument of " + keyword + " is its body, not an index");
            return placeholder(ctx);
        }
        List<Ast.Name> indices = new ArrayList<>();
        List<Ast.Name> ranges = new ArrayList<>();
        for (NablaParser.SumArgContext binder : args.subList(0, args.size() - 1)) {
            if (binder.expr() == null) {
                indices.add(name(binder.NAME(0)));
                ranges.add(name(binder.NAME(1)));
                continue;
            }
            Ast.Expr e = expr(binder.expr());
            if (isPlainName(e)) {
                indices.add(((Ast.Ref) e).name());
                ranges.add(null);
            } else {
                errors.report(e.span(), "the indices of " + keyword + " must be plain names, as in "
                        + keyword + "(i, j, body) or " + keyword + "(i in q, body)");
            }
        }
        return new Ast.Sum(span(ctx), indices, ranges, expr(last.expr()));
    }

    private Ast.Expr delta(NablaParser.DeltaContext ctx) {
        List<Ast.Expr> args = args(ctx.args());
        if (args.size() != 2) {
            errors.report(span(ctx), "delta takes 2 indices, as in delta(i, j), but has " + args.size());
            return placeholder(ctx);
        }
        return new Ast.Delta(span(ctx), deltaIndex(args.get(0)), deltaIndex(args.get(1)));
    }

    private Ast.Index deltaIndex(Ast.Expr arg) {
        if (isPlainName(arg)) {
            Ast.Name name = ((Ast.Ref) arg).name();
            return new Ast.IndexName(arg.span(), name.text());
        }
        if (arg instanceof Ast.Num && isDigits(((Ast.Num) arg).value())) {
            return indexLiteral(arg.span(), ((Ast.Num) arg).value().toPlainString());
        }
        if (arg instanceof Ast.Neg && ((Ast.Neg) arg).operand() instanceof Ast.Num) {
            errors.report(arg.span(), "an index literal must be a positive integer (positions start at 1)");
        } else {
            errors.report(arg.span(), "an index of delta must be a name or a positive integer");
        }
        return new Ast.IndexLiteral(arg.span(), 1);
    }

    /** Whether a literal is written without fraction or exponent; {@code new BigDecimal("10")} has scale 0. */
    private static boolean isDigits(BigDecimal value) {
        return value.scale() == 0 && value.signum() >= 0;
    }

    private Ast.Expr diff(ParserRuleContext ctx, Ast.Expr function, Ast.Expr variable) {
        if (!(variable instanceof Ast.Ref)) {
            errors.report(variable.span(), "the variable of a derivative must be a name or an indexed name,"
                    + " as in diff(E, w[h, j])");
            return placeholder(ctx);
        }
        return new Ast.Diff(span(ctx), function, (Ast.Ref) variable);
    }

    private Ast.Index index(NablaParser.IndexContext ctx) {
        if (ctx.NAME() != null) {
            return new Ast.IndexName(span(ctx), ctx.NAME().getText());
        }
        if (ctx.MINUS() != null) {
            errors.report(span(ctx), "an index literal must be a positive integer (positions start at 1)");
            return new Ast.IndexLiteral(span(ctx), 1);
        }
        String text = ctx.NUMBER().getText();
        if (!text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            errors.report(span(ctx), "an index must be a name or a positive integer, not " + text);
            return new Ast.IndexLiteral(span(ctx), 1);
        }
        return indexLiteral(span(ctx), text);
    }

    private Ast.Index indexLiteral(SourceSpan span, String digits) {
        // by length first: parsing a literal of a million digits takes minutes
        String significant = digits.substring((int) digits.chars().takeWhile(c -> c == '0').count());
        if (significant.isEmpty()) {
            errors.report(span, "an index literal must be a positive integer (positions start at 1)");
            return new Ast.IndexLiteral(span, 1);
        }
        if (significant.length() > 10 || Long.parseLong(significant) > Integer.MAX_VALUE) {
            String shown = digits.length() > 30 ? digits.substring(0, 27) + "..." : digits;
            errors.report(span, "index literal " + shown + " is too large");
            return new Ast.IndexLiteral(span, 1);
        }
        return new Ast.IndexLiteral(span, Integer.parseInt(significant));
    }

    private static boolean isPlainName(Ast.Expr e) {
        return e instanceof Ast.Ref && ((Ast.Ref) e).indices().isEmpty();
    }

    /** Stands in for an expression already reported as wrong; the file is discarded anyway. */
    private Ast.Expr placeholder(ParserRuleContext ctx) {
        return new Ast.Num(span(ctx), BigDecimal.ZERO);
    }

    // ---- leaves -------------------------------------------------------------------------

    /** The largest double, exactly: a literal beyond it has no double-precision value. */
    private static final BigDecimal LARGEST_DOUBLE = new BigDecimal(Double.MAX_VALUE);

    /** The most significant digits a number literal may have: exact arithmetic on longer ones takes minutes. */
    private static final int MAX_DIGITS = 1000;

    /**
     * A number literal, exactly, or 0 after reporting that it is beyond the double range (too
     * large, or so small that it would round to 0) or has more than {@value #MAX_DIGITS}
     * significant digits. Checked before anything else is done with the value, so that
     * {@code 1e2000000000} costs nothing.
     */
    private BigDecimal number(Token t) {
        int digits = significantDigits(t.getText());
        if (digits > MAX_DIGITS) {
            errors.report(Spans.of(file, t), "number " + SyntaxErrors.describe(t) + " has " + digits
                    + " significant digits; nabla keeps numbers exact and accepts at most " + MAX_DIGITS);
            return BigDecimal.ZERO;
        }
        BigDecimal value;
        try {
            value = new BigDecimal(t.getText());
        } catch (NumberFormatException | ArithmeticException e) {
            // only an exponent beyond the int range gets here
            String text = t.getText().toLowerCase(java.util.Locale.ROOT);
            String mantissa = text.substring(0, text.indexOf('e'));
            if (mantissa.chars().noneMatch(c -> c >= '1' && c <= '9')) {
                return BigDecimal.ZERO;
            }
            outOfRange(t, text.charAt(text.indexOf('e') + 1) != '-');
            return BigDecimal.ZERO;
        }
        if (value.abs().compareTo(LARGEST_DOUBLE) > 0) {
            outOfRange(t, true);
            return BigDecimal.ZERO;
        }
        // precision() − scale() − 1 is the decimal exponent; doubleValue() is cheap once it is bounded
        if (value.signum() != 0 && (value.precision() - (long) value.scale() < -400 || value.doubleValue() == 0)) {
            outOfRange(t, false);
            return BigDecimal.ZERO;
        }
        return value;
    }

    /** The digits of a literal's mantissa from its first to its last nonzero one. */
    private static int significantDigits(String literal) {
        int end = literal.length();
        for (int k = 0; k < literal.length(); k++) {
            if (literal.charAt(k) == 'e' || literal.charAt(k) == 'E') {
                end = k;
                break;
            }
        }
        int first = -1;
        int last = -1;
        int count = 0;
        for (int k = 0; k < end; k++) {
            char c = literal.charAt(k);
            if (c >= '0' && c <= '9') {
                if (c != '0') {
                    first = first < 0 ? count : first;
                    last = count;
                }
                count++;
            }
        }
        return first < 0 ? 0 : last - first + 1;
    }

    private void outOfRange(Token t, boolean tooLarge) {
        errors.report(Spans.of(file, t), "number " + SyntaxErrors.describe(t) + (tooLarge
                ? " is too large for double precision (the largest double is about 1.8e308)"
                : " is too small for double precision: it would round to 0 (the smallest positive double is about"
                + " 4.9e-324)"));
    }

    private Ast.Name name(TerminalNode node) {
        return new Ast.Name(Spans.of(file, node.getSymbol()), node.getText());
    }

    private List<Ast.Name> names(List<TerminalNode> nodes) {
        List<Ast.Name> names = new ArrayList<>();
        for (TerminalNode n : nodes) {
            names.add(name(n));
        }
        return names;
    }

    private SourceSpan span(ParserRuleContext ctx) {
        return Spans.of(file, ctx);
    }
}
