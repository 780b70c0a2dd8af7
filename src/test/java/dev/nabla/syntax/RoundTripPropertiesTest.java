package dev.nabla.syntax;

import dev.nabla.diag.Diagnostics;
import dev.nabla.diag.SourceFile;
import dev.nabla.diag.SourceSpan;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** parse(print(ast)) = ast, spans aside, on random expressions and random files. */

class RoundTripPropertiesTest {
    private static final SourceSpan S = SourceSpan.at("generated", 1, 1);
    private static final int DEPTH = 4;

    @Property(tries = 250, edgeCases = EdgeCasesMode.NONE)
    void expressionsSurvivePrintingAndParsing(@ForAll("expressions") Ast.Expr e) {
        String printed = AstPrinter.print(e);
        Ast.Expr reparsed = ((Ast.Definition) parse("t = " + printed).statements().get(0)).body();
        assertEquals(AstShape.of(e), AstShape.of(reparsed), printed);
    }

    @Property(tries = 150, edgeCases = EdgeCasesMode.NONE)
    void filesSurvivePrintingAndParsing(@ForAll("files") Ast.NablaFile file) {
        String printed = AstPrinter.print(file);
        assertEquals(AstShape.of(file.statements()), AstShape.of(parse(printed).statements()), printed);
    }

    @Property(tries = 200)
    void numbersKeepValueAndScale(@ForAll("numbers") BigDecimal value) {
        Ast.Num n = (Ast.Num) ((Ast.Definition) parse("t = " + AstPrinter.number(value)).statements().get(0)).body();
        assertEquals(value, n.value());
    }

    private static Ast.NablaFile parse(String text) {
        Diagnostics diags = new Diagnostics();
        Ast.NablaFile file = Parser.parse(new SourceFile("printed.nabla", text), diags);
        assertEquals("", diags.render(), text);
        assertNotNull(file);
        return file;
    }

    // ---- generators ---------------------------------------------------------------------

    @Provide
    Arbitrary<Ast.Expr> expressions() {
        return expr(DEPTH);
    }

    @Provide
    Arbitrary<Ast.NablaFile> files() {
        return statement().list().ofMinSize(1).ofMaxSize(5).map(s -> new Ast.NablaFile(S, s));
    }

    @Provide
    Arbitrary<BigDecimal> numbers() {
        return Combinators.combine(Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.TEN.pow(20)),
                Arbitraries.integers().between(-12, 12)).as(BigDecimal::new);
    }

    /** Valid names, some of them tricky: Greek, a keyword prefix, a built-in, Σ followed by a letter. */
    private static Arbitrary<String> nameText() {
        return Arbitraries.of("x", "y", "w", "E", "d", "e", "m", "β", "θ2", "E_k", "yhat", "sigmoid", "Σx",
                "dimension", "inside", "summary", "deltas", "a1");
    }

    private static Arbitrary<Ast.Name> name() {
        return nameText().map(t -> new Ast.Name(S, t));
    }

    private static Arbitrary<Ast.Index> index() {
        return Arbitraries.oneOf(
                nameText().map(t -> new Ast.IndexName(S, t)),
                Arbitraries.integers().between(1, 1000).map(p -> new Ast.IndexLiteral(S, p)));
    }

    private static Arbitrary<Ast.Ref> ref() {
        return Combinators.combine(name(), index().list().ofMaxSize(3)).as((n, i) -> new Ast.Ref(S, n, i));
    }

    private Arbitrary<Ast.Expr> leaf() {
        return Arbitraries.oneOf(numbers().map(v -> new Ast.Num(S, v)), ref());
    }

    /**
     * Expressions of at most {@code depth} levels. Each level is built once from the level
     * below: jqwik's lazyOf re-entered from its own suppliers overflowed the stack here.
     */
    private Arbitrary<Ast.Expr> expr(int depth) {
        Arbitrary<Ast.Expr> level = leaf();
        for (int k = 1; k <= depth; k++) {
            level = compound(level);
        }
        return level;
    }

    private Arbitrary<Ast.Expr> compound(Arbitrary<Ast.Expr> sub) {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, leaf()),
                net.jqwik.api.Tuple.of(1, sub.map(e -> new Ast.Neg(S, e))),
                net.jqwik.api.Tuple.of(4, Combinators.combine(Arbitraries.of(Ast.BinaryOp.class), sub, sub)
                        .as((op, l, r) -> new Ast.Binary(S, op, l, r))),
                net.jqwik.api.Tuple.of(1, Combinators.combine(name(), Arbitraries.of(true, false), sub.list().ofMaxSize(3))
                        .as((f, prime, args) -> new Ast.Call(S, f, prime, args))),
                net.jqwik.api.Tuple.of(1, Combinators.combine(name().list().ofMinSize(1).ofMaxSize(3), sub)
                        .as((indices, body) -> new Ast.Sum(S, indices, body))),
                net.jqwik.api.Tuple.of(1, Combinators.combine(index(), index()).as((l, r) -> new Ast.Delta(S, l, r))),
                net.jqwik.api.Tuple.of(1, Combinators.combine(sub, ref()).as((f, x) -> new Ast.Diff(S, f, x))));
    }

    private static Arbitrary<BigDecimal> signedNumber() {
        return Combinators.combine(Arbitraries.bigIntegers().between(BigInteger.valueOf(-100_000), BigInteger.valueOf(100_000)),
                Arbitraries.integers().between(-4, 6)).as(BigDecimal::new);
    }

    private static Arbitrary<Ast.Label> label() {
        Arbitrary<Ast.Label> quoted = Arbitraries.strings().withChars("ab5. \"\\é∂#/:{}=").ofMaxLength(12)
                .map(t -> new Ast.Label(S, t, true));
        Arbitrary<Ast.Label> bare = nameText().map(t -> new Ast.Label(S, t, false));
        return Arbitraries.oneOf(quoted, bare).injectNull(0.3);
    }

    private static Arbitrary<Ast.Domain> domain() {
        return Arbitraries.oneOf(
                Combinators.combine(signedNumber(), Arbitraries.of(true, false), signedNumber(), Arbitraries.of(true, false))
                        .as((lo, lc, hi, hc) -> new Ast.Interval(S, lo, lc, hi, hc)),
                signedNumber().list().ofMinSize(1).ofMaxSize(3).map(v -> new Ast.ValueSet(S, v)),
                Combinators.combine(Arbitraries.of(Ast.Comparison.class), signedNumber())
                        .as((op, v) -> new Ast.Bound(S, op, v)));
    }

    private static Arbitrary<Ast.DimItem> dimItem(boolean sized) {
        Arbitrary<BigDecimal> size = Arbitraries.integers().between(1, 50).map(BigDecimal::valueOf);
        return Combinators.combine(name(), sized ? size : size.injectNull(0.5)).as((n, s) -> new Ast.DimItem(S, n, s));
    }

    private Arbitrary<Ast.Value> value(int depth) {
        Arbitrary<Ast.Value> scalar = expr(2).map(e -> new Ast.ScalarValue(S, e));
        Arbitrary<Ast.Value> level = scalar;
        for (int k = 1; k <= depth; k++) {
            level = Arbitraries.oneOf(scalar, level.list().ofMinSize(1).ofMaxSize(3).map(v -> new Ast.ArrayValue(S, v)));
        }
        return level;
    }

    private Arbitrary<Ast.ExampleItem> exampleItem() {
        return Arbitraries.oneOf(
                dimItem(true).list().ofMinSize(1).ofMaxSize(3).map(items -> new Ast.ExampleDims(S, items)),
                Combinators.combine(name(), value(3)).as((n, v) -> new Ast.Binding(S, n, v)),
                Combinators.combine(expr(2), expr(2), numbers().injectNull(0.5))
                        .as((l, r, tol) -> new Ast.Expect(S, l, r, tol)));
    }

    private Arbitrary<Ast.LeafDecl> leafDecl() {
        return Arbitraries.of(Ast.LeafKind.class).flatMap(kind -> {
            Arbitrary<Ast.Expr> value = kind == Ast.LeafKind.CONST ? expr(2).injectNull(0.5) : Arbitraries.just(null);
            Arbitrary<Ast.LeafItem> item = Combinators.combine(name(), name().list().ofMaxSize(2), value)
                    .as((n, shape, v) -> new Ast.LeafItem(S, n, shape, v));
            return Combinators.combine(item.list().ofMinSize(1).ofMaxSize(3), domain().injectNull(0.4))
                    .as((items, d) -> new Ast.LeafDecl(S, kind, items, d));
        });
    }

    private Arbitrary<Ast.Statement> statement() {
        return Arbitraries.oneOf(List.of(
                dimItem(false).list().ofMinSize(1).ofMaxSize(3).map(items -> new Ast.DimDecl(S, items)),
                leafDecl(),
                Combinators.combine(name(), name().list().ofMaxSize(2), name().injectNull(0.6).list().ofSize(2), expr(3))
                        .as((n, i, ranges, body) -> new Ast.Definition(S, n, i, ranges.subList(0, i.size()), body)),
                Combinators.combine(label(), expr(3), expr(3), Arbitraries.of(false, true))
                        .as((l, lhs, rhs, refute) -> new Ast.Claim(S, l, lhs, rhs, refute)),
                Combinators.combine(label(), expr(3).list().ofMinSize(2).ofMaxSize(4))
                        .as((l, steps) -> new Ast.Derive(S, l, steps)),
                Combinators.combine(label(), exampleItem().list().ofMaxSize(4))
                        .as((l, items) -> new Ast.Example(S, l, items)),
                Combinators.combine(name(), name().list().ofMinSize(1).ofMaxSize(3))
                        .as((o, p) -> new Ast.Train(S, o, p))));
    }
}
