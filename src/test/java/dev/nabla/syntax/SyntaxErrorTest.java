package dev.nabla.syntax;

import dev.nabla.diag.Diagnostics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.nabla.syntax.ParseHelper.errors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kind of syntax error, with its exact message and position. */
class SyntaxErrorTest {

    @Test
    void unexpectedCharacter() {
        assertEquals("t.nabla:1:7: error: unexpected character '@'\n"
                + "a = b @ c\n"
                + "      ^\n"
                + "t.nabla:1:10: error: expected '=' or '[' but found end of file\n"
                + "a = b @ c\n"
                + "         ^\n", errors("a = b @ c"));
    }

    @Test
    void aRunOfStrayCharactersIsOneError() {
        assertEquals("t.nabla:1:5: error: unexpected character '$'\n"
                + "a = $$$b\n"
                + "    ^\n", errors("a = $$$b"));
    }

    @Test
    void controlCharactersAreNamedByCodePoint() {
        assertEquals("t.nabla:1:5: error: unexpected character U+0000\n"
                + "a = \uFFFDb\n"
                + "    ^\n", errors("a = \0b"));
    }

    @Test
    void aQuotedTokenShowsLineSeparatorsByCodePoint() {
        // found by GarbageInputPropertiesTest: a raw U+2028 or U+0085 broke the message's line
        String header = errors("\"a\u2028b\u0085c\" = 1").lines().findFirst().orElseThrow();
        assertEquals("t.nabla:1:1: error: expected a statement or end of file but found '\"a<U+2028>b<U+0085>c\"'",
                header);
    }

    @Test
    void missingClosingParenthesis() {
        assertEquals("t.nabla:1:11: error: expected ')' but found end of file\n"
                + "a = (b + c\n"
                + "          ^\n", errors("a = (b + c\n"));
    }

    @Test
    void missingParenthesisBeforeTheNextStatement() {
        assertEquals("t.nabla:2:1: error: expected ')' but found 'b'\n"
                + "b = 2\n"
                + "^\n", errors("a = f(x, 2\nb = 2\n"));
    }

    @Test
    void missingExpression() {
        assertEquals("t.nabla:1:5: error: expected an expression but found ')'\n"
                + "a = )\n"
                + "    ^\n", errors("a = )\n"));
    }

    @Test
    void unterminatedString() {
        assertEquals("t.nabla:1:7: error: unterminated string: a label ends with '\"' on the same line\n"
                + "claim \"5.10: a == b\n"
                + "      ^~~~~~~~~~~~~\n", errors("claim \"5.10: a == b\nx = 1").lines().limit(3)
                .map(l -> l + "\n").reduce("", String::concat));
    }

    @Test
    void severalErrorsInOneRun() {
        // newlines are white space, so 'b = 3 *' takes 'c' as its operand and trips over the next '='
        String rendered = errors("a = (1 + 2\nb = 3 *\nc = 4\nclaim x == y)\nd = [1]\ntrain minimize E over\n");
        assertEquals("t.nabla:2:1: error: expected ')' but found 'b'\n"
                + "b = 3 *\n"
                + "^\n"
                + "t.nabla:3:3: error: unexpected '=', expected a statement or end of file\n"
                + "c = 4\n"
                + "  ^\n"
                + "t.nabla:4:13: error: unexpected ')', expected a statement or end of file\n"
                + "claim x == y)\n"
                + "            ^\n"
                + "t.nabla:5:5: error: unexpected '[', expected an expression\n"
                + "d = [1]\n"
                + "    ^\n"
                + "t.nabla:5:7: error: unexpected ']', expected a statement or end of file\n"
                + "d = [1]\n"
                + "      ^\n"
                + "t.nabla:6:22: error: expected a name but found end of file\n"
                + "train minimize E over\n"
                + "                     ^\n", rendered);
    }

    @Test
    void aStatementKeywordIsNeverSwallowedByRecovery() {
        assertEquals("t.nabla:2:1: error: expected an expression but found 'claim'\n"
                + "claim x == y\n"
                + "^~~~~\n", errors("a = (1 +\nclaim x == y\n"));
    }

    @Test
    void sumNeedsIndicesAndABody() {
        assertEquals("t.nabla:1:5: error: sum takes index names and then a body, as in sum(i, x[i]), but has 1 argument\n"
                + "a = sum(x)\n"
                + "    ^~~~~~\n", errors("a = sum(x)"));
        assertEquals("t.nabla:1:5: error: Σ takes index names and then a body, as in Σ(i, x[i]), but has 0 arguments\n"
                + "a = Σ()\n"
                + "    ^~~\n", errors("a = Σ()"));
    }

    @Test
    void sumIndicesMustBeNames() {
        assertEquals("t.nabla:1:9: error: the indices of sum must be plain names, as in sum(i, j, body) or sum(i in q, body)\n"
                + "a = sum(i[1], x)\n"
                + "        ^~~~\n", errors("a = sum(i[1], x)"));
        assertEquals("t.nabla:1:9: error: the indices of sum must be plain names, as in sum(i, j, body) or sum(i in q, body)\n"
                + "a = sum(2 * i, x)\n"
                + "        ^~~~~\n", errors("a = sum(2 * i, x)"));
        assertEquals("t.nabla:1:12: error: the last argument of sum is its body, not an index\n"
                + "a = sum(i, j in q)\n"
                + "           ^~~~~~\n", errors("a = sum(i, j in q)"));
    }

    @Test
    void deltaTakesTwoIndices() {
        assertEquals("t.nabla:1:5: error: delta takes 2 indices, as in delta(i, j), but has 3\n"
                + "a = delta(i, j, k)\n"
                + "    ^~~~~~~~~~~~~~\n", errors("a = delta(i, j, k)"));
        assertEquals("t.nabla:1:14: error: an index of delta must be a name or a positive integer\n"
                + "a = delta(i, j + 1)\n"
                + "             ^~~~~\n", errors("a = delta(i, j + 1)"));
        assertEquals("t.nabla:1:14: error: an index literal must be a positive integer (positions start at 1)\n"
                + "a = delta(i, 0)\n"
                + "             ^\n", errors("a = delta(i, 0)"));
    }

    @Test
    void diffTakesTwoArguments() {
        assertEquals("t.nabla:1:5: error: diff takes 2 arguments, as in diff(E, w[h, j]), but has 1\n"
                + "a = diff(E)\n"
                + "    ^~~~~~~\n", errors("a = diff(E)"));
        assertEquals("t.nabla:1:5: error: diff takes 2 arguments, as in diff(E, w[h, j]), but has 3\n"
                + "a = diff(E, x, y)\n"
                + "    ^~~~~~~~~~~~~\n", errors("a = diff(E, x, y)"));
    }

    @Test
    void diffVariableMustBeAReference() {
        assertEquals("t.nabla:1:13: error: the variable of a derivative must be a name or an indexed name,"
                + " as in diff(E, w[h, j])\n"
                + "a = diff(E, 2*x)\n"
                + "            ^~~\n", errors("a = diff(E, 2*x)"));
        // a parenthesized expression's span is that of its contents
        assertEquals("t.nabla:1:10: error: the variable of a derivative must be a name or an indexed name,"
                + " as in diff(E, w[h, j])\n"
                + "a = ∂E/∂(x + 1)\n"
                + "         ^~~~~\n", errors("a = ∂E/∂(x + 1)"));
    }

    @Test
    void indexLiteralsArePositive() {
        assertEquals("t.nabla:1:7: error: an index literal must be a positive integer (positions start at 1)\n"
                + "a = x[0]\n"
                + "      ^\n", errors("a = x[0]"));
        assertEquals("t.nabla:1:10: error: an index literal must be a positive integer (positions start at 1)\n"
                + "a = x[i, -2]\n"
                + "         ^~\n", errors("a = x[i, -2]"));
        assertEquals("t.nabla:1:7: error: an index must be a name or a positive integer, not 1.5\n"
                + "a = x[1.5]\n"
                + "      ^~~\n", errors("a = x[1.5]"));
        assertEquals("t.nabla:1:7: error: index literal 99999999999 is too large\n"
                + "a = x[99999999999]\n"
                + "      ^~~~~~~~~~~\n", errors("a = x[99999999999]"));
        long start = System.nanoTime();
        assertEquals("t.nabla:1:7: error: index literal 111111111111111111111111111... is too large",
                errors("a = x[" + "1".repeat(2_000_000) + "]").lines().findFirst().orElseThrow());
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "took too long");
        assertEquals("t.nabla:1:7: error: an index literal must be a positive integer (positions start at 1)",
                errors("a = x[000]").lines().findFirst().orElseThrow());
        assertEquals(3, ((Ast.IndexLiteral) ((Ast.Ref) ParseHelper.expr("x[0003]")).indices().get(0)).position());
    }

    @Test
    void derivationNeedsTwoSteps() {
        assertEquals("t.nabla:1:1: error: a derivation needs at least two steps, as in derive { e0 = e1 }\n"
                + "derive { a }\n"
                + "^~~~~~~~~~~~\n", errors("derive { a }"));
    }

    @Test
    void exampleDimsNeedSizes() {
        assertEquals("t.nabla:1:15: error: a dim in an example needs a size, as in dim q = 2\n"
                + "example { dim q }\n"
                + "              ^\n", errors("example { dim q }"));
    }

    @Test
    void onlyConstsHaveValues() {
        assertEquals("t.nabla:1:11: error: only a const can be given a value, not param 'w'\n"
                + "param w = 2\n"
                + "          ^\n", errors("param w = 2"));
    }

    private static final String TOO_LARGE = " is too large for double precision (the largest double is about 1.8e308)";
    private static final String TOO_SMALL = " is too small for double precision: it would round to 0 (the smallest"
            + " positive double is about 4.9e-324)";

    @Test
    void numberOutOfRange() {
        assertEquals("t.nabla:1:5: error: number '1e99999999999'" + TOO_LARGE + "\n"
                + "a = 1e99999999999\n"
                + "    ^~~~~~~~~~~~~\n", errors("a = 1e99999999999"));
        assertEquals("t.nabla:1:5: error: number '1e-99999999999'" + TOO_SMALL + "\n"
                + "a = 1e-99999999999\n"
                + "    ^~~~~~~~~~~~~~\n", errors("a = 1e-99999999999"));
        assertEquals(0, ((Ast.Num) ParseHelper.expr("0e99999999999")).value().signum());
    }

    /** Beyond the double range is a diagnostic at once, with no big-number arithmetic first. */
    @Test
    void numbersBeyondTheDoubleRangeAreDiagnostics() {
        long start = System.nanoTime();
        assertEquals("t.nabla:1:9: error: number '1e2000000000'" + TOO_LARGE + "\n"
                + "a = x * 1e2000000000\n"
                + "        ^~~~~~~~~~~~\n", errors("a = x * 1e2000000000"));
        assertEquals("t.nabla:1:9: error: number '1e10000000'" + TOO_LARGE + "\n"
                + "a = x * 1e10000000\n"
                + "        ^~~~~~~~~~\n", errors("a = x * 1e10000000"));
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "took too long");
        assertEquals("t.nabla:1:5: error: number '1.8e308'" + TOO_LARGE + "\n"
                + "a = 1.8e308\n"
                + "    ^~~~~~~\n", errors("a = 1.8e308"));
        assertEquals("t.nabla:1:5: error: number '1e-400'" + TOO_SMALL + "\n"
                + "a = 1e-400\n"
                + "    ^~~~~~\n", errors("a = 1e-400"));
        assertEquals("t.nabla:1:13: error: number '1e400'" + TOO_LARGE + "\n"
                + "input x in {1e400}\n"
                + "            ^~~~~\n", errors("input x in {1e400}"));
        // the largest double and the smallest subnormal are numbers; so is 0 written any way
        ParseHelper.parseClean("a = 1.7976931348623157e308 + 4.9e-324 + 0.0e-400 + 000");
    }

    /** Exact arithmetic on a number of 10^4 digits takes seconds, on 10^5 minutes: at most 1000. */
    @Test
    void numbersWithTooManyDigitsAreDiagnostics() {
        String longest = "0." + "0".repeat(5000) + "1" + "2".repeat(998) + "3" + "0".repeat(5000) + "e5000";
        ParseHelper.parseClean("a = " + longest);
        String tooLong = "1." + "5".repeat(200_000);
        long start = System.nanoTime();
        assertEquals("t.nabla:1:5: error: number '1.5555555555555555555555555...' has 200001 significant digits;"
                + " nabla keeps numbers exact and accepts at most 1000\n", errors("a = " + tooLong).lines()
                .findFirst().orElseThrow() + "\n");
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "took too long");
    }

    @Test
    void deepNestingIsADiagnostic() {
        String deep = "a = " + "(".repeat(100_000) + "x" + ")".repeat(100_000);
        String rendered = errors(deep);
        assertTrue(rendered.startsWith("t.nabla:1:204: error: expression nested too deeply\n"), rendered);
        assertEquals(1, rendered.lines().filter(l -> l.contains("error:")).count());
    }

    @Test
    void deepUnaryAndPowerChainsAreDiagnostics() {
        assertTrue(errors("a = " + "-".repeat(50_000) + "x").contains("expression nested too deeply"));
        assertTrue(errors("a = x" + "^x".repeat(50_000)).contains("expression nested too deeply"));
        assertTrue(errors("example { v = " + "[".repeat(50_000) + "1" + "]".repeat(50_000) + " }")
                .contains("expression nested too deeply"));
    }

    @Test
    void moderateNestingIsFine() {
        ParseHelper.parseClean("a = " + "(".repeat(150) + "x" + ")".repeat(150));
    }

    // ---- reading files --------------------------------------------------------------------

    @Test
    void invalidUtf8IsReportedAtItsPosition(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.nabla");
        Files.write(file, new byte[] {'a', ' ', '=', ' ', '1', '\n', 'b', ' ', '=', ' ', (byte) 0xC3, (byte) 0x28, '\n'});
        Diagnostics diags = new Diagnostics();
        assertNull(Parser.parse(file, diags));
        assertEquals(file + ":2:5: error: invalid UTF-8 byte sequence\n"
                + "b = \uFFFD(\n"
                + "    ^\n", diags.render());
    }

    @Test
    void byteOrderMarkIsSkipped(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bom.nabla");
        Files.write(file, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a', ' ', '=', ' ', '@'});
        Diagnostics diags = new Diagnostics();
        assertNull(Parser.parse(file, diags));
        // end of file is shown after the last token the parser saw, which is '='
        assertEquals(file + ":1:4: error: expected an expression but found end of file\n"
                + "a = @\n"
                + "   ^\n"
                + file + ":1:5: error: unexpected character '@'\n"
                + "a = @\n"
                + "    ^\n", diags.render());
    }

    @Test
    void missingFileIsADiagnostic(@TempDir Path dir) {
        Path file = dir.resolve("nowhere.nabla");
        Diagnostics diags = new Diagnostics();
        assertNull(Parser.parse(file, diags));
        assertEquals(file + ":1:1: error: cannot read " + file + ": no such file\n", diags.render());
    }

    @Test
    void directoryIsADiagnostic(@TempDir Path dir) {
        Diagnostics diags = new Diagnostics();
        assertNull(Parser.parse(dir, diags));
        assertTrue(diags.render().startsWith(dir + ":1:1: error: cannot read " + dir + ": "), diags.render());
    }
}
