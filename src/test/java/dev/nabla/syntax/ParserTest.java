package dev.nabla.syntax;

import dev.nabla.diag.SourceSpan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static dev.nabla.syntax.ParseHelper.expr;
import static dev.nabla.syntax.ParseHelper.parseClean;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParserTest {
    private static final SourceSpan NO_SPAN = SourceSpan.at("expected", 1, 1);

    // ---- building expected trees (spans are ignored by AstShape) ------------------------

    static Ast.Name name(String text) {
        return new Ast.Name(NO_SPAN, text);
    }

    static Ast.Ref ref(String name, String... indices) {
        List<Ast.Index> list = Arrays.stream(indices)
                .map(i -> i.chars().allMatch(Character::isDigit)
                        ? (Ast.Index) new Ast.IndexLiteral(NO_SPAN, Integer.parseInt(i))
                        : new Ast.IndexName(NO_SPAN, i))
                .collect(Collectors.toList());
        return new Ast.Ref(NO_SPAN, name(name), list);
    }

    static Ast.Num num(String text) {
        return new Ast.Num(NO_SPAN, new BigDecimal(text));
    }

    static Ast.Neg neg(Ast.Expr e) {
        return new Ast.Neg(NO_SPAN, e);
    }

    static Ast.Binary bin(Ast.BinaryOp op, Ast.Expr l, Ast.Expr r) {
        return new Ast.Binary(NO_SPAN, op, l, r);
    }

    static Ast.Diff diff(Ast.Expr f, Ast.Ref x) {
        return new Ast.Diff(NO_SPAN, f, x);
    }

    static Ast.Sum sum(Ast.Expr body, String... indices) {
        return new Ast.Sum(NO_SPAN, Arrays.stream(indices).map(ParserTest::name).collect(Collectors.toList()), body);
    }

    static void assertSameTree(Object expected, Object actual) {
        assertEquals(AstShape.of(expected), AstShape.of(actual));
    }

    static String specExample() throws IOException {
        try (InputStream in = ParserTest.class.getResourceAsStream("/spec-example.nabla")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    // ---- the spec's example -----------------------------------------------------------

    @Test
    void specExampleParsesWithoutDiagnostics() throws IOException {
        Ast.NablaFile file = parseClean(specExample());
        List<Ast.Statement> s = file.statements();
        assertEquals(20, s.size());
        assertInstanceOf(Ast.DimDecl.class, s.get(0));
        Ast.LeafDecl param = (Ast.LeafDecl) s.get(3);
        assertEquals(Ast.LeafKind.PARAM, param.kind());
        assertEquals(List.of("v", "gamma", "w", "theta"),
                param.items().stream().map(i -> i.name().text()).collect(Collectors.toList()));
        assertEquals(List.of("d", "q"), param.items().get(0).shape().stream().map(Ast.Name::text).collect(Collectors.toList()));

        Ast.Claim c513 = (Ast.Claim) s.get(14);
        assertEquals(new Ast.Label(new SourceSpan("t.nabla", 20, 7, 20, 13), "5.13", true), c513.label());
        assertSameTree(neg(diff(ref("E"), ref("v", "i", "h"))), c513.lhs());
        assertSameTree(bin(Ast.BinaryOp.MUL, ref("e", "h"), ref("x", "i")), c513.rhs());
        assertEquals(new SourceSpan("t.nabla", 20, 1, 20, 50), c513.span());

        Ast.Derive derive = (Ast.Derive) s.get(17);
        assertEquals("5.12 step by step", derive.label().text());
        assertEquals(5, derive.steps().size());
        Ast.Expr third = derive.steps().get(2);
        assertSameTree(bin(Ast.BinaryOp.MUL,
                bin(Ast.BinaryOp.MUL, diff(ref("E"), ref("yhat", "j")),
                        new Ast.Call(NO_SPAN, name("sigmoid"), true,
                                List.of(bin(Ast.BinaryOp.SUB, ref("beta", "j"), ref("theta", "j"))))),
                neg(num("1"))), third);
        assertEquals(new SourceSpan("t.nabla", 27, 5, 27, 59), third.span());

        Ast.Example example = (Ast.Example) s.get(18);
        assertEquals(9, example.items().size());
        Ast.ExampleDims dims = (Ast.ExampleDims) example.items().get(0);
        assertEquals(new BigDecimal("2"), dims.items().get(0).size());
        Ast.Binding v = (Ast.Binding) example.items().get(3);
        assertEquals("v", v.name().text());
        Ast.ArrayValue rows = (Ast.ArrayValue) v.value();
        assertSameTree(new Ast.ScalarValue(NO_SPAN, neg(num("0.5"))), ((Ast.ArrayValue) rows.elements().get(0)).elements().get(1));
        Ast.Expect last = (Ast.Expect) example.items().get(8);
        assertEquals(new BigDecimal("1e-12"), last.tolerance());
        assertSameTree(ref("yhat", "1"), last.lhs());

        Ast.Train train = (Ast.Train) s.get(19);
        assertEquals("E", train.objective().text());
        assertEquals(4, train.parameters().size());
    }

    @Test
    void specExampleSurvivesPrintingAndReparsing() throws IOException {
        Ast.NablaFile file = parseClean(specExample());
        assertSameTree(file, parseClean(AstPrinter.print(file)));
    }

    // ---- Unicode forms ----------------------------------------------------------------

    @Test
    void greekSigmaAndNarySumMeanSum() {
        assertSameTree(sum(ref("x", "i"), "i"), expr("Σ(i, x[i])"));
        assertSameTree(sum(ref("x", "i", "j"), "i", "j"), expr("∑(i, j, x[i, j])"));
        assertSameTree(sum(ref("x", "i"), "i"), expr("sum(i, x[i])"));
    }

    @Test
    void sigmaFollowedByLettersIsAName() {
        assertSameTree(ref("Σx"), expr("Σx"));
    }

    @Test
    void partialFractionMeansDiff() {
        Ast.Expr e = expr("∂E/∂w[h, j]");
        assertSameTree(diff(ref("E"), ref("w", "h", "j")), e);
        assertEquals(new SourceSpan("t.nabla", 1, 5, 1, 16), e.span());
        assertSameTree(bin(Ast.BinaryOp.MUL, diff(ref("E"), ref("x")), num("2")), expr("∂E/∂x * 2"));
        assertSameTree(diff(bin(Ast.BinaryOp.ADD, ref("a"), ref("b")), ref("x")), expr("∂(a + b)/∂x"));
    }

    @Test
    void greekAndUnderscoredNames() {
        Ast.NablaFile file = parseClean("param β, θ2, E_k[m]\nyŷ = β * θ2 + E_k[k]");
        Ast.LeafDecl decl = (Ast.LeafDecl) file.statements().get(0);
        assertEquals(List.of("β", "θ2", "E_k"), decl.items().stream().map(i -> i.name().text()).collect(Collectors.toList()));
        Ast.Definition def = (Ast.Definition) file.statements().get(1);
        assertEquals("yŷ", def.name().text());
        assertSameTree(bin(Ast.BinaryOp.ADD, bin(Ast.BinaryOp.MUL, ref("β"), ref("θ2")), ref("E_k", "k")), def.body());
    }

    @Test
    void columnsCountCodePoints() {
        // 𝑥 is outside the BMP: two UTF-16 units, one column
        Ast.Expr e = expr("𝑥 + β");
        Ast.Binary b = (Ast.Binary) e;
        assertEquals(new SourceSpan("t.nabla", 1, 5, 1, 6), b.left().span());
        assertEquals(new SourceSpan("t.nabla", 1, 9, 1, 10), b.right().span());
    }

    // ---- precedence and associativity ---------------------------------------------------

    @Test
    void precedenceAndAssociativity() {
        Ast.Ref a = ref("a");
        Ast.Ref b = ref("b");
        Ast.Ref c = ref("c");
        Ast.Ref x = ref("x");
        assertSameTree(neg(bin(Ast.BinaryOp.POW, x, num("2"))), expr("-x^2"));
        assertSameTree(bin(Ast.BinaryOp.POW, neg(x), num("2")), expr("(-x)^2"));
        assertSameTree(bin(Ast.BinaryOp.POW, x, neg(num("1"))), expr("x^-1"));
        assertSameTree(bin(Ast.BinaryOp.POW, a, bin(Ast.BinaryOp.POW, b, c)), expr("a^b^c"));
        assertSameTree(bin(Ast.BinaryOp.SUB, bin(Ast.BinaryOp.SUB, a, b), c), expr("a - b - c"));
        assertSameTree(bin(Ast.BinaryOp.DIV, bin(Ast.BinaryOp.DIV, a, b), c), expr("a / b / c"));
        assertSameTree(bin(Ast.BinaryOp.ADD, a, bin(Ast.BinaryOp.MUL, b, c)), expr("a + b * c"));
        assertSameTree(bin(Ast.BinaryOp.MUL, neg(a), b), expr("-a * b"));
        assertSameTree(bin(Ast.BinaryOp.MUL, a, neg(b)), expr("a * -b"));
        assertSameTree(bin(Ast.BinaryOp.SUB, a, neg(b)), expr("a - -b"));
        assertSameTree(neg(neg(a)), expr("--a"));
        assertSameTree(bin(Ast.BinaryOp.MUL, bin(Ast.BinaryOp.DIV, num("1"), num("2")), x), expr("1/2 * x"));
        assertSameTree(bin(Ast.BinaryOp.POW, a, neg(bin(Ast.BinaryOp.POW, b, c))), expr("a^-b^c"));
    }

    @Test
    void binarySpanIncludesParentheses() {
        Ast.Binary e = (Ast.Binary) expr("(a + b) * c");
        assertEquals(new SourceSpan("t.nabla", 1, 5, 1, 16), e.span());
        assertEquals(new SourceSpan("t.nabla", 1, 6, 1, 11), e.left().span());
    }

    @Test
    void callsTakeAnyNameAndArity() {
        assertSameTree(new Ast.Call(NO_SPAN, name("f"), false, List.of(ref("a"), num("2"))), expr("f(a, 2)"));
        assertSameTree(new Ast.Call(NO_SPAN, name("relu"), true, List.of(ref("z"))), expr("relu'(z)"));
        assertSameTree(new Ast.Call(NO_SPAN, name("g"), false, List.of()), expr("g()"));
        assertSameTree(new Ast.Delta(NO_SPAN, new Ast.IndexName(NO_SPAN, "i"), new Ast.IndexLiteral(NO_SPAN, 2)),
                expr("delta(i, 2)"));
        assertSameTree(diff(diff(ref("E"), ref("w", "h", "j")), ref("w", "h2", "j2")),
                expr("diff(diff(E, w[h, j]), w[h2, j2])"));
    }

    // ---- numbers ------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({"2, 2", "0.5, 0.5", "1e-3, 0.001", ".5, 0.5", "1E-3, 0.001", "1E+3, 1E+3", "1.e2, 1E+2", "007, 7"})
    void numbersAreExact(String written, String value) {
        Ast.Num n = (Ast.Num) expr(written);
        assertEquals(new BigDecimal(value), n.value());
    }

    @Test
    void numberFollowedByNameEIsTwoTokens() {
        assertSameTree(bin(Ast.BinaryOp.MUL, num("2"), ref("e")), expr("2 * e"));
        assertEquals("t.nabla:1:7: error: expected '=' or '[' but found end of file\nt = 2e\n      ^\n",
                ParseHelper.errors("t = 2e\n"));
    }

    // ---- declarations and statements ----------------------------------------------------

    @Test
    void declarationsWithDomains() {
        Ast.NablaFile file = parseClean(String.join("\n",
                "dim d, q = 10, l",
                "input x[d] in [0, 1]",
                "target y[l] in {0, 1}",
                "const lambda in (0, 1)",
                "const eta = 0.1",
                "param a, b in (-2, 2]; param c >= -1.5",
                "param e, f <= +4",
                "param h > 0",
                "const g in [0, 1)"));
        List<Ast.Statement> s = file.statements();
        Ast.DimDecl dim = (Ast.DimDecl) s.get(0);
        assertNull(dim.items().get(0).size());
        assertEquals(new BigDecimal("10"), dim.items().get(1).size());
        assertEquals(new Ast.Interval(new SourceSpan("t.nabla", 2, 12, 2, 21), BigDecimal.ZERO, true, BigDecimal.ONE, true),
                ((Ast.LeafDecl) s.get(1)).domain());
        assertSameTree(new Ast.ValueSet(NO_SPAN, List.of(BigDecimal.ZERO, BigDecimal.ONE)), ((Ast.LeafDecl) s.get(2)).domain());
        assertSameTree(new Ast.Interval(NO_SPAN, BigDecimal.ZERO, false, BigDecimal.ONE, false), ((Ast.LeafDecl) s.get(3)).domain());
        Ast.LeafItem eta = ((Ast.LeafDecl) s.get(4)).items().get(0);
        assertSameTree(num("0.1"), eta.value());
        Ast.LeafDecl ab = (Ast.LeafDecl) s.get(5);
        assertEquals(2, ab.items().size());
        assertSameTree(new Ast.Interval(NO_SPAN, new BigDecimal("-2"), false, new BigDecimal("2"), true), ab.domain());
        assertSameTree(new Ast.Bound(NO_SPAN, Ast.Comparison.GE, new BigDecimal("-1.5")), ((Ast.LeafDecl) s.get(6)).domain());
        Ast.LeafDecl ef = (Ast.LeafDecl) s.get(7);
        assertSameTree(new Ast.Bound(NO_SPAN, Ast.Comparison.LE, new BigDecimal("4")), ef.domain());
        assertSameTree(new Ast.Bound(NO_SPAN, Ast.Comparison.GT, BigDecimal.ZERO), ((Ast.LeafDecl) s.get(8)).domain());
        assertSameTree(new Ast.Interval(NO_SPAN, BigDecimal.ZERO, true, BigDecimal.ONE, false), ((Ast.LeafDecl) s.get(9)).domain());
    }

    @Test
    void refuteIsAClaimThatMustBeFalseWithTheSameForms() {
        List<Ast.Statement> s = parseClean("refute \"5.20 as printed\": a == b\nrefute: a == b\nrefute a == b\n"
                + "claim c: a == b").statements();
        Ast.Claim printed = (Ast.Claim) s.get(0);
        assertTrue(printed.refute());
        assertEquals("refute", printed.keyword());
        assertEquals("5.20 as printed", printed.label().text());
        assertEquals(new SourceSpan("t.nabla", 1, 1, 1, 33), printed.span());
        assertNull(((Ast.Claim) s.get(1)).label());
        assertTrue(((Ast.Claim) s.get(2)).refute());
        assertFalse(((Ast.Claim) s.get(3)).refute());
        assertEquals("claim", ((Ast.Claim) s.get(3)).keyword());
    }

    @Test
    void labelsAreOptionalAndMayBeNames() {
        Ast.NablaFile file = parseClean("claim a == b\nclaim foo: a == b\nclaim \"say \\\"hi\\\"\": a == b\n"
                + "derive { a = b = c }\nderive chain { a = b }\nexample { }\nexample ex1 { expect a == b }");
        List<Ast.Statement> s = file.statements();
        assertNull(((Ast.Claim) s.get(0)).label());
        assertEquals(new Ast.Label(new SourceSpan("t.nabla", 2, 7, 2, 10), "foo", false), ((Ast.Claim) s.get(1)).label());
        assertEquals("say \"hi\"", ((Ast.Claim) s.get(2)).label().text());
        assertNull(((Ast.Derive) s.get(3)).label());
        assertEquals(3, ((Ast.Derive) s.get(3)).steps().size());
        assertEquals("chain", ((Ast.Derive) s.get(4)).label().text());
        assertNull(((Ast.Example) s.get(5)).label());
        assertEquals("ex1", ((Ast.Example) s.get(6)).label().text());
    }

    @Test
    void commentsSemicolonsAndNewlinesAreSeparators() {
        Ast.NablaFile file = parseClean("// a comment\na = 1; b = 2 # another\n;;\nc[i] =\n  x[i]\n    + 1\ntrain minimize E over a");
        assertEquals(4, file.statements().size());
        Ast.Definition c = (Ast.Definition) file.statements().get(2);
        assertEquals(new SourceSpan("t.nabla", 4, 1, 6, 8), c.span());
        assertEquals(new SourceSpan("t.nabla", 1, 1, 7, 24), file.span());
    }

    @Test
    void emptyFileIsFine() {
        assertTrue(parseClean("").statements().isEmpty());
        assertTrue(parseClean("# only a comment\n").statements().isEmpty());
    }

    @Test
    void exampleBindingsAndScalars() {
        Ast.Example ex = (Ast.Example) parseClean("example { lambda = 0.5 x = [1, 0] m = [[1], [-1]] s = sigmoid(0.5) - 1; "
                + "expect b[1] == 2 within 1e-12 }").statements().get(0);
        assertEquals(5, ex.items().size());
        assertSameTree(new Ast.ScalarValue(NO_SPAN, num("0.5")), ((Ast.Binding) ex.items().get(0)).value());
        Ast.ArrayValue m = (Ast.ArrayValue) ((Ast.Binding) ex.items().get(2)).value();
        assertSameTree(new Ast.ArrayValue(NO_SPAN, List.of(new Ast.ScalarValue(NO_SPAN, neg(num("1"))))), m.elements().get(1));
        assertFalse(((Ast.Expect) ex.items().get(4)).tolerance() == null);
    }

    // ---- printer --------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-x^2           | -x^2",
        "(-x)^2         | (-x)^2",
        "a - (b - c)    | a - (b - c)",
        "(a - b) - c    | a - b - c",
        "a / (b * c)    | a / (b * c)",
        "(a / b) * c    | a / b * c",
        "(a^b)^c        | (a^b)^c",
        "a^(b^c)        | a^b^c",
        "2^-1           | 2^-1",
        "2^(-1)         | 2^-1",
        "-(2)           | -2",
        "(-2)^2         | (-2)^2",
        "-(a + b)       | -(a + b)",
        "-(a * b)       | -(a * b)",
        "(-a) * b       | -a * b",
        "a * (-b)       | a * -b",
        "a - (-b)       | a - -b",
        "-(-a)          | --a",
        "1e-10 * x      | 1E-10 * x",
        "1E3 + .5       | 1E+3 + 0.5",
        "Σ(i, x[i])     | sum(i, x[i])",
        "∂E/∂w[h, j]    | diff(E, w[h, j])",
        "sigmoid'(z)    | sigmoid'(z)",
        "delta(i, 1)    | delta(i, 1)",
    })
    void printsWithMinimalParentheses(String source, String printed) {
        Ast.Expr e = expr(source);
        assertEquals(printed, AstPrinter.print(e));
        assertSameTree(e, expr(printed));
    }

    @Test
    void negativeNumberNodesPrintAsNegatedLiterals() {
        Ast.Expr e = bin(Ast.BinaryOp.POW, new Ast.Num(NO_SPAN, new BigDecimal("-2")), num("2"));
        assertEquals("(-2)^2", AstPrinter.print(e));
    }
}
