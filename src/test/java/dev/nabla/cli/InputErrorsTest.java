package dev.nabla.cli;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Inputs that once made nabla fail (exit 70, a hang, an out-of-memory, a value outside its
 * domain): each now gets a verdict or a {@code file:line:col} diagnostic.
 */
class InputErrorsTest {
    private static final String TOO_LARGE = " is too large for double precision (the largest double is about 1.8e308)";

    @TempDir
    Path dir;

    private String file(String name, String text) {
        return Cli.write(dir.resolve(name), text).toString();
    }

    private static Cli.Run check(String... args) {
        Cli.Run run = Cli.run(args);
        Cli.assertNoStackTrace(run);
        return run;
    }

    // ---- fixed constants ----------------------------------------------------------------

    /** The default range [-2, 2] is where values are drawn; a fixed value is not bound by it. */
    @Test
    void aConstFixedOutsideTheDefaultRangeIsAccepted() {
        Cli.Run alone = check("check", file("c.nabla", "const c = 3\n"));
        assertEquals(0, alone.code(), alone::toString);
        assertEquals("", alone.err());
        Cli.Run eta = check("check", file("eta.nabla", "input x\nconst eta = 10\nclaim: eta * x == x * eta\n"));
        assertEquals(0, eta.code(), eta::toString);
        assertTrue(eta.out().startsWith(dir.resolve("eta.nabla") + ":3: proved  claim: "), eta::toString);
    }

    // ---- literal positions only inside diff -------------------------------------------

    /** diff(z[p] * z[2], z[1]) = delta(p, 1) * z[2], which needs l ≥ 2 and is not y[p]. */
    @Test
    void aPositionOnlyInsideDiffSetsTheSmallestSize() {
        String f = file("z.nabla", """
                dim l
                input y[l]
                z[p] = 2 * y[p]
                claim "false": diff(z[p] * z[2], z[1]) == y[p]
                claim "true": diff(z[p] * z[2], z[1]) == delta(p, 1) * z[2]
                """);
        Cli.Run run = check("check", f);
        assertEquals(1, run.code(), run::toString);
        assertEquals(f + ":4: refuted claim \"false\": counterexample\n"
                + "    dim l = 2\n"
                + "    y = [0, 1]\n"
                + "    at p = 1: lhs = 2, rhs = 0\n", run.block("false"));
        assertTrue(run.block("true").startsWith(f + ":5: proved  claim \"true\""), run::toString);
    }

    /** z[3] occurs only as the variable of a diff in a definition, and still makes l at least 3. */
    @Test
    void aPositionOnlyInADiffVariableSetsTheSmallestSize() {
        String f = file("v.nabla", """
                dim l
                input y[l]
                z[p] = 2 * y[p]
                a = diff(sum(p, z[p]), z[3])
                claim "a": a == 1
                claim "first": sum(p, y[p]) == y[1]
                """);
        Cli.Run run = check("check", f);
        assertEquals(1, run.code(), run::toString);
        assertTrue(run.block("a").startsWith(f + ":5: proved"), run::toString);
        assertEquals(f + ":6: refuted claim \"first\": counterexample\n"
                + "    dim l = 3\n"
                + "    y = [0, 0, 1]\n"
                + "    lhs = 1, rhs = 0\n", run.block("first"));
    }

    @Test
    void aPositionOnlyInsideDiffOnTheBpNetwork() throws IOException {
        String bp = Files.readString(Path.of("derivations/ch5-bp.nabla"));
        String f = file("bp.nabla", bp + "claim \"two outputs\": diff(yhat[1] * yhat[2], yhat[1]) == yhat[1]\n"
                + "claim \"product rule\": diff(yhat[1] * yhat[2], yhat[1]) == yhat[2]\n");
        Cli.Run run = check("check", f);
        assertEquals(1, run.code(), run::toString);
        String refuted = run.block("two outputs");
        assertTrue(refuted.contains(": refuted claim \"two outputs\": counterexample\n    dim d = 1, l = 2, q = 1\n"),
                run::toString);
        assertTrue(run.block("product rule").contains(": proved  claim \"product rule\""), run::toString);
    }

    // ---- examples ---------------------------------------------------------------------

    @Test
    void anExamplePositionReachedThroughADefinitionIsADiagnostic() {
        String f = file("ex.nabla", "dim n\ninput y[n]\na = y[2]\nexample { dim n = 1  y = [1]  expect a == 1 }\n");
        Cli.Run run = check("check", f);
        assertEquals(2, run.code(), run::toString);
        assertEquals(f + ":4:31: error: 'a' uses index 2 along 'n' (line 3), but 'n' has size 1 in this example\n"
                + "example { dim n = 1  y = [1]  expect a == 1 }\n"
                + "                              ^~~~~~~~~~~~~\n", run.err());
        assertTrue(run.out().startsWith(f + ":4: error   example: cannot be checked\n"), run::toString);
    }

    // ---- domains ----------------------------------------------------------------------

    @Test
    void domainsWithoutADoubleOrBeyondTheDoubleRangeAreDiagnostics() {
        String f = file("d.nabla", """
                input a in (0, 1e-400)
                input b in (1, 1.00000000000000001)
                input c in [1e400, 1e401]
                input e in {1e400}
                """);
        Cli.Run run = check("check", f);
        assertEquals(2, run.code(), run::toString);
        assertEquals(List.of(
                f + ":1:16: error: number '1e-400' is too small for double precision: it would round to 0 (the"
                        + " smallest positive double is about 4.9e-324)",
                f + ":3:13: error: number '1e400'" + TOO_LARGE,
                f + ":3:20: error: number '1e401'" + TOO_LARGE,
                f + ":4:13: error: number '1e400'" + TOO_LARGE), Cli.assertDiagnostics(run.err()));
        // the syntax is sound once the literals are: then the empty domain is reported
        String g = file("g.nabla", "input b in (1, 1.00000000000000001)\n");
        Cli.Run empty = check("check", g);
        assertEquals(List.of(g + ":1:9: error: domain (1, 1.00000000000000001) contains no double-precision number"),
                Cli.assertDiagnostics(empty.err()));
    }

    private static final Pattern VALUE = Pattern.compile("^    (\\w) = (\\S+)$", Pattern.MULTILINE);

    /** The counterexample's value of the leaf, which must lie in its domain. */
    private static double value(String block) {
        Matcher m = VALUE.matcher(block);
        assertTrue(m.find(), block);
        return Double.parseDouble(m.group(2));
    }

    @Test
    void extremeDomainsAreSampledInside() {
        String f = file("x.nabla", """
                input w in (-1.7e308, 1.7e308)
                input x > 1e17
                input z < -1e17
                claim "w": w - w == 0
                claim "w false": w == 2 * w
                claim "x false": x == 2 * x
                claim "z false": z == 2 * z
                """);
        Cli.Run run = check("check", f);
        assertEquals(1, run.code(), run::toString);
        assertTrue(run.block("w").contains(": proved  claim \"w\""), run::toString);
        double w = value(run.block("w false"));
        assertTrue(w > -1.7e308 && w < 1.7e308 && w != 0, run::toString);
        assertTrue(value(run.block("x false")) > 1e17, run::toString);
        assertTrue(value(run.block("z false")) < -1e17, run::toString);
    }

    // ---- number literals --------------------------------------------------------------

    @Test
    void hugeLiteralsAreDiagnosticsAtOnce() {
        String f = file("n.nabla", "input x\nclaim: x * 1e2000000000 == x\nclaim: x * 1e10000000 == x\n");
        Cli.Run run = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> check("check", f));
        assertEquals(2, run.code(), run::toString);
        assertEquals(List.of(f + ":2:12: error: number '1e2000000000'" + TOO_LARGE,
                f + ":3:12: error: number '1e10000000'" + TOO_LARGE), Cli.assertDiagnostics(run.err()));
    }

    // ---- sizes ------------------------------------------------------------------------

    /** 20^8 elements would overflow an int: the sizes drawn are cut down to 10^6 elements a tensor. */
    @Test
    void sizesThatWouldMakeATensorTooLargeAreDrawnSmaller() {
        String f = file("eight.nabla", """
                dim a, b, c, d2, e2, f, g, h
                input x[a, b, c, d2, e2, f, g, h]
                claim: x[i1, i2, i3, i4, i5, i6, i7, i8] == x[i1, i2, i3, i4, i5, i6, i7, i8]
                """);
        Cli.Run run = assertTimeoutPreemptively(Duration.ofSeconds(120),
                () -> check("check", "--max-size", "20", "--samples", "20", f));
        assertEquals(0, run.code(), run::toString);
        assertTrue(run.out().startsWith(f + ":3: proved  claim: same canonical form; agreed on 20 random samples"),
                run::toString);
    }

    @Test
    void aPositionBeyondTheElementLimitIsADiagnostic() {
        String f = file("p.nabla", "dim n\ninput x[n]\nclaim: x[2147483647] == x[1]\n");
        Cli.Run run = check("check", f);
        assertEquals(2, run.code(), run::toString);
        assertEquals(List.of(f + ":3:10: error: index 2147483647 is too large: a dim that reaches it gives tensors"
                + " of more than 1000000 elements, the most nabla evaluates"), Cli.assertDiagnostics(run.err()));
    }

    /** Each position is feasible, but together they need n = m = 5000: x[n, m] would be too large. */
    @Test
    void positionsThatTogetherMakeATensorTooLargeAreAnErrorOfEachClaim() {
        String f = file("pp.nabla", """
                dim n, m
                input x[n, m]
                claim "a": x[5000, 1] == x[5000, 1]
                claim "b": x[1, 5000] == x[1, 5000]
                """);
        Cli.Run run = check("check", "--json", f);
        assertEquals(2, run.code(), run::toString);
        String why = "x[n, m] would have 25000000 elements at n = 5000, m = 5000 (the smallest sizes the literal"
                + " positions in this file allow); nabla evaluates at most 1000000 elements per tensor";
        JsonObject a = run.labelled("a");
        assertEquals("error", a.get("verdict").getAsString());
        assertEquals(f + ":3:1: error: " + why, a.get("detail").getAsString());
        assertEquals(List.of(f + ":3:1: error: " + why, f + ":4:1: error: " + why), Cli.assertDiagnostics(run.err()));
    }

    @Test
    void anExampleWhoseSizesMakeATensorTooLargeIsADiagnostic() {
        String f = file("big.nabla", """
                dim n = 2000000000
                input x
                a[i in n] = delta(i, 1) * x
                s = sum(i, a[i])
                example "huge" {
                  x = 1
                  expect s == 1
                }
                """);
        Cli.Run run = check("check", f);
        assertEquals(2, run.code(), run::toString);
        assertEquals(f + ":7:3: error: a[n] would have 2000000000 elements at n = 2000000000 (the sizes of this"
                + " example); nabla evaluates at most 1000000 elements per tensor\n"
                + "  expect s == 1\n"
                + "  ^~~~~~~~~~~~~\n", run.err());
        assertTrue(run.block("huge").startsWith(f + ":5: error   example \"huge\": cannot be checked\n"),
                run::toString);
    }

    // ---- folders ----------------------------------------------------------------------

    @Test
    void aBadFileInAFolderDoesNotStopTheOthers() {
        file("a.nabla", "input x\nclaim \"a\": x == x\n");
        file("b.nabla", "input x\nclaim: x == \n");
        file("c.nabla", "input x\nclaim \"c\": x + x == 2 * x\n");
        Cli.Run run = check("check", dir.toString());
        assertEquals(2, run.code(), run::toString);
        assertTrue(run.block("a").contains(": proved"), run::toString);
        assertTrue(run.block("c").contains(": proved"), run::toString);
        // the file that does not load is one error in the summary
        assertTrue(run.out().contains("\n3 checked in 3 files: 2 proved, 0 tested, 0 refuted, 1 errors ("),
                run::toString);
    }

    /** Whatever nabla fails with on one file is reported for that file; the caller goes on to the next. */
    @Test
    void aFailureOfNablaOnOneFileIsReportedForThatFileAlone() {
        StringWriter err = new StringWriter();
        PrintWriter w = new PrintWriter(err, true);
        Path f = dir.resolve("f.nabla");
        assertEquals(70, CheckCommand.isolated(f, w, () -> {
            throw new IllegalStateException("a bug");
        }));
        assertEquals(2, CheckCommand.isolated(f, w, () -> {
            throw new StackOverflowError();
        }));
        assertEquals(2, CheckCommand.isolated(f, w, () -> {
            throw new OutOfMemoryError();
        }));
        assertEquals(1, CheckCommand.isolated(f, w, () -> 1));
        List<String> lines = err.toString().lines().toList();
        assertEquals(f + ": internal error: java.lang.IllegalStateException: a bug", lines.get(0));
        assertEquals(f + ": error: the input is nested too deeply to process", lines.get(2));
        assertEquals(f + ": error: out of memory while checking this file", lines.get(3));
    }

    // ---- what is read -----------------------------------------------------------------

    @Test
    void aNamedPipeIsAnErrorNotAHang() throws Exception {
        Path pipe = dir.resolve("p.nabla");
        boolean made;
        try {
            made = new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor() == 0;
        } catch (IOException e) {
            made = false;
        }
        assumeTrue(made, "mkfifo is not available");
        Cli.Run run = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> check("check", pipe.toString()));
        assertEquals(2, run.code(), run::toString);
        assertEquals(pipe + ":1:1: error: cannot read " + pipe + ": not a regular file (a pipe or a device?)\n",
                run.err());
    }

    @Test
    void aDeviceIsAnErrorNotAHang() {
        assumeTrue(Files.exists(Path.of("/dev/zero")));
        Cli.Run run = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> check("check", "/dev/zero"));
        assertEquals(2, run.code(), run::toString);
        assertEquals("/dev/zero:1:1: error: cannot read /dev/zero: not a regular file (a pipe or a device?)\n",
                run.err());
    }

    @Test
    void aFileLargerThanSixteenMebibytesIsAnError() {
        byte[] spaces = new byte[(16 << 20) + 1];
        java.util.Arrays.fill(spaces, (byte) ' ');
        String f = Cli.write(dir.resolve("huge.nabla"), spaces).toString();
        Cli.Run run = check("check", f);
        assertEquals(2, run.code(), run::toString);
        assertEquals(f + ":1:1: error: cannot read " + f + ": it is larger than 16 MiB, the most nabla reads\n",
                run.err());
        Cli.write(dir.resolve("huge.nabla"), java.util.Arrays.copyOf(spaces, 16 << 20));
        assertEquals(0, check("check", f).code());
    }
}
