package dev.nabla.cli;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever is in a file, {@code nabla check} and {@code nabla grad} answer with verdicts or with
 * diagnostics ({@code file:line:col: error: message}, the line, a caret) and exit 0, 1 or 2: never
 * a stack trace, never a hang.
 */
class GarbageInputPropertiesTest {
    private static final Pattern VERDICT_LINE =
            Pattern.compile("^.+:\\d+: (proved|tested|refuted|inconclusive|error) +(claim|refute|derive|example|file)"
                    + "( \".*\")?: .+$");
    /** The text report repeats the first failure, headed by this line, before the summary. */
    private static final String FIRST_FAILURE = "first failure:";
    private static final Pattern SUMMARY_LINE = Pattern.compile("^\\d+ checked in \\d+ files?: .+$");

    private static Path dir;

    @BeforeContainer
    static void createFolder() throws IOException {
        dir = Files.createTempDirectory("nabla-garbage");
    }

    @AfterContainer
    static void deleteFolder() throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Property(tries = 200)
    void randomBytesGiveDiagnostics(@ForAll("bytes") byte[] bytes) {
        assertWellBehaved(Cli.write(dir.resolve("bytes.nabla"), bytes));
    }

    @Property(tries = 300)
    void tokenSoupGivesVerdictsOrDiagnostics(@ForAll("tokenSoup") String text) {
        assertWellBehaved(Cli.write(dir.resolve("soup.nabla"), text));
    }

    @Example
    void deepNestingIsReportedQuickly() {
        int n = 100_000;
        List<String> inputs = List.of(
                "E = " + "(".repeat(n),
                "dim d\ninput x[d]\nE = " + "(".repeat(n) + "x[1]" + ")".repeat(n) + "\n",
                "dim d\ninput x[d]\nE = " + "-".repeat(n) + "x[1]\n",
                "dim d\ninput x[d]\nE = x[1]" + "^x[1]".repeat(n) + "\n",
                "dim d\ninput x[d]\nE = " + "sigmoid(".repeat(n) + "x[1]" + ")".repeat(n) + "\n",
                "dim d\ninput x[d]\nclaim " + "sum(i, ".repeat(n / 10) + "x[i]" + ")".repeat(n / 10) + " == 0\n",
                "dim d\ninput x[d]\nexample {\n  x = " + "[".repeat(n) + "\n}\n");
        for (String input : inputs) {
            Path file = Cli.write(dir.resolve("deep.nabla"), input);
            Cli.Run run = assertTimeout(Duration.ofSeconds(10), () -> Cli.run("check", file.toString()));
            assertEquals(2, run.code(), () -> abbreviate(run.toString()));
            assertTrue(run.err().contains(": error: expression nested too deeply"), () -> abbreviate(run.toString()));
            Cli.assertNoStackTrace(run);
            Cli.assertDiagnostics(run.err());
        }
        Path parens = Cli.write(dir.resolve("parens.nabla"), "(".repeat(n));
        Cli.Run run = assertTimeout(Duration.ofSeconds(10), () -> Cli.run("check", parens.toString()));
        assertEquals(2, run.code());
        assertEquals(1, Cli.assertDiagnostics(run.err()).size(), () -> abbreviate(run.toString()));
    }

    @Example
    void everyLineEndingPutsTheCaretOnTheReportedLine() {
        for (String newline : List.of("\n", "\r\n", "\r")) {
            String text = String.join(newline, "dim d", "input x[d]", "claim x[i] == y[i]", "");
            Path file = Cli.write(dir.resolve("endings.nabla"), text);
            Cli.Run run = Cli.run("check", file.toString());
            assertEquals(2, run.code(), run::toString);
            assertWellFormedDiagnostics(run);
        }
    }

    private static void assertWellBehaved(Path file) {
        Cli.Run check = Cli.run("check", "--samples", "5", file.toString());
        assertTrue(Set.of(0, 1, 2).contains(check.code()), check::toString);
        Cli.assertNoStackTrace(check);
        assertWellFormedDiagnostics(check);
        assertTrue(check.err().isEmpty() || check.code() == 2, check::toString);
        for (String line : check.outLines()) {
            assertTrue(VERDICT_LINE.matcher(line).matches() || line.startsWith("    ") || line.equals(FIRST_FAILURE)
                    || SUMMARY_LINE.matcher(line).matches(), () -> "unexpected output line " + line + "\n" + check);
        }

        Cli.Run grad = Cli.run("grad", file.toString(), "--of", "E");
        assertTrue(Set.of(0, 2).contains(grad.code()), grad::toString);
        Cli.assertNoStackTrace(grad);
        if (grad.err().contains(": error: ")) {
            assertWellFormedDiagnostics(grad);
        }
    }

    /** Diagnostics in the agreed shape, each column inside (or just past) the source line shown. */
    private static void assertWellFormedDiagnostics(Cli.Run run) {
        List<String> headers = Cli.assertDiagnostics(run.err());
        List<String> lines = run.err().lines().toList();
        for (int k = 0; k < headers.size(); k++) {
            String header = lines.get(3 * k);
            String source = lines.get(3 * k + 1);
            int column = Integer.parseInt(header.replaceFirst("^.+:\\d+:(\\d+): error: .+$", "$1"));
            assertTrue(column <= source.codePointCount(0, source.length()) + 1,
                    () -> "column past the end of the line shown: " + header + "\n" + source + "\n" + run);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 2000 ? s : s.substring(0, 2000) + "...";
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        Arbitrary<Byte> anyByte = Arbitraries.bytes();
        Arbitrary<Byte> textual = Arbitraries.of((byte) 'x', (byte) '(', (byte) ')', (byte) '[', (byte) '\n',
                (byte) '\r', (byte) '\t', (byte) 0, (byte) 0xEF, (byte) 0xBB, (byte) 0xBF, (byte) 0xC3, (byte) 0xA9,
                (byte) 0xE2, (byte) 0x88, (byte) 0x82, (byte) 0xF0, (byte) 0x9F, (byte) 0xFF, (byte) '"', (byte) '=');
        return Arbitraries.oneOf(anyByte, textual).list().ofMaxSize(400).map(list -> {
            byte[] b = new byte[list.size()];
            for (int i = 0; i < b.length; i++) {
                b[i] = list.get(i);
            }
            return b;
        });
    }

    /** Fragments of real programs as well as single tokens, so that some soups resolve and get checked. */
    @Provide
    Arbitrary<String> tokenSoup() {
        Arbitrary<String> fragment = Arbitraries.of(
                "dim d\n", "dim d, q\n", "dim q = 3\n", "input x[d]\n", "input x[d] in [0, 1]\n", "param w[d, q]\n",
                "param v[q]\n", "const lambda = 0.5\n", "const c in (0, 1)\n", "target y[q] in {0, 1}\n",
                "E = sum(i, x[i]^2)\n", "E = sum(h, v[h] * sigmoid(sum(i, w[i, h] * x[i])))\n", "z[h] = v[h] * c\n",
                "claim ", "claim \"l\": ", "derive {", "example {", "expect ", "within 1e-3", "}", "=", "==",
                "diff(E, x[i])", "diff(E, w[i, h])", "x[i]", "w[i, h]", "v[h]", "z[h]", "E", "sum(i, ", "sum(h, ",
                "log(", "sqrt(", "sigmoid'(", "delta(i, j)", "x[1]", "x[0]", "w[1, 2]", "x = [1, 0]", "dim d = 2",
                "(", ")", "[", "]", ",", ":", ";", "+", "-", "*", "/", "^", "'", "1", "0", "2.5", ".5", "1e-3",
                "1e999", "d", "Σ", "∂E/∂x[i]", "train minimize E over w\n", "# c\n", "\n", "\r\n", "\r", "\t",
                "\0", "é", "\uFFFD", "\u2028", "\"open", "@");
        Arbitrary<String> separator = Arbitraries.of("", " ", "\n");
        return Combinators.combine(fragment, separator).as((t, s) -> t + s)
                .list().ofMaxSize(40).map(parts -> parts.stream().collect(Collectors.joining()));
    }
}
