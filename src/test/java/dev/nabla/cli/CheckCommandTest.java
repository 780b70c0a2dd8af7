package dev.nabla.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code nabla check}: verdict lines, counterexamples, exit codes, JSON and the command line itself. */
class CheckCommandTest {
    private static final Pattern SIDES = Pattern.compile("lhs = (\\S+), rhs = (\\S+)$", Pattern.MULTILINE);

    @TempDir
    Path dir;

    private String file(String name, String text) {
        return Cli.write(dir.resolve(name), text).toString();
    }

    @Test
    void trueClaimsGiveOneLinePerClaimAndExitZero() {
        String f = file("ok.nabla", Programs.BP_NETWORK
                + "claim \"5.10\": -diff(E, beta[j]) == g[j]\n"
                + "claim \"sigmoid\": sigmoid'(beta[j] - theta[j]) == yhat[j] * (1 - yhat[j])\n"
                + "claim sum(j, y[j] - y[j]) == 0\n");
        Cli.Run run = Cli.run("check", f);
        assertEquals(0, run.code(), run::toString);
        assertEquals("", run.err());
        List<String> lines = run.outLines();
        assertEquals(4, lines.size(), run::toString);
        int line = Programs.lines(Programs.BP_NETWORK) + 1;
        assertTrue(lines.get(0).matches(Pattern.quote(f + ":" + line + ": proved  claim \"5.10\": same canonical form; ")
                + "agreed on 100 random samples, largest relative error \\S+"), lines.get(0));
        assertTrue(lines.get(1).startsWith(f + ":" + (line + 1) + ": "), lines.get(1));
        assertTrue(lines.get(1).matches(".*: (proved|tested) +claim \"sigmoid\": .*agreed on 100 random samples.*"),
                lines.get(1));
        assertTrue(lines.get(2).matches(Pattern.quote(f + ":" + (line + 2) + ": ") + "(proved|tested) +claim: .*"),
                lines.get(2));
        assertTrue(lines.get(3).matches("3 checked in 1 file: \\d proved, \\d tested, 0 refuted, 0 errors \\(.* s\\)"),
                lines.get(3));
    }

    /** An ill-formed claim or derive gets the verdict error, with its diagnostics; the rest is still checked. */
    @Test
    void illFormedStatementsAreErrorsWhileTheRestIsChecked() {
        String f = file("ill.nabla", String.join("\n",
                "dim d",
                "param x[d]",
                "claim \"ok\": sum(i, x[i]) == sum(k, x[k])",
                "claim \"bad\": foo(x[i]) == x[i]",
                "derive \"chain\" { x[i] = x[j] }",
                ""));
        Cli.Run run = Cli.run("check", "--json", f);
        assertEquals(2, run.code(), run::toString);
        assertEquals("proved", run.labelled("ok").get("verdict").getAsString());
        JsonObject bad = run.labelled("bad");
        assertEquals("error", bad.get("verdict").getAsString());
        assertEquals(f + ":4:14: error: unknown function 'foo'", bad.get("detail").getAsString());
        JsonObject chain = run.labelled("chain");
        assertEquals("error", chain.get("verdict").getAsString());
        assertEquals(f + ":5:25: error: the two sides have different free indices: [i] and [j]",
                chain.get("detail").getAsString());
        assertEquals(List.of(f + ":4:14: error: unknown function 'foo'",
                        f + ":5:25: error: the two sides have different free indices: [i] and [j]"),
                Cli.assertDiagnostics(run.err()));
    }

    /** Each wrong formula is refuted with the sizes, the leaf values and both sides at the first disagreement. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "lost sign          | diff(E, beta[j]) == g[j]",
        "missing factor 2   | diff(E, yhat[j]) == 2 * (yhat[j] - y[j])",
        "sigma' wrong point | -diff(E, beta[j]) == sigmoid'(beta[j]) * (y[j] - yhat[j])",
        "off by 1e-7        | -diff(E, beta[j]) == g[j] * (1 + 1e-7)",
        "wrong hidden index | -diff(E, v[i, h]) == e[h] * x[i] * x[i]",
    })
    void aWrongFormulaIsRefutedWithACounterexample(String label, String claim) {
        String f = file("wrong.nabla", Programs.BP_NETWORK + "claim \"" + label + "\": " + claim + "\n");
        Cli.Run run = Cli.run("check", f);
        assertEquals(1, run.code(), run::toString);
        Cli.assertNoStackTrace(run);
        String block = run.block(label);
        assertTrue(block.startsWith(f + ":" + (Programs.lines(Programs.BP_NETWORK) + 1) + ": refuted claim \""
                + label + "\": counterexample\n"), block);
        assertTrue(block.contains("\n    dim d = "), block);
        assertTrue(Pattern.compile("(?m)^    dim (d|q|l) = [1-5](, (d|q|l) = [1-5])*$").matcher(block).find(), block);
        assertTrue(Pattern.compile("(?m)^    theta = \\[.+]$").matcher(block).find(), block);
        assertTrue(Pattern.compile("(?m)^    y = \\[.+]$").matcher(block).find(), block);
        assertTrue(Pattern.compile("(?m)^    at j = \\d+(, [a-z] = \\d+)*: lhs = \\S+, rhs = \\S+$").matcher(block).find()
                || Pattern.compile("(?m)^    at [a-z] = \\d+(, [a-z] = \\d+)*: lhs = \\S+, rhs = \\S+$").matcher(block).find(),
                block);
        Matcher sides = SIDES.matcher(block);
        assertTrue(sides.find(), block);
        double lhs = Double.parseDouble(sides.group(1));
        double rhs = Double.parseDouble(sides.group(2));
        assertNotEquals(lhs, rhs, block);
    }

    @Test
    void aRelativeErrorOfOnePartInTenMillionIsRefuted() {
        String f = file("close.nabla", Programs.BP_NETWORK + "claim \"close\": -diff(E, beta[j]) == g[j] * (1 + 1e-7)\n");
        Cli.Run run = Cli.run("check", f);
        assertEquals(1, run.code(), run::toString);
        Matcher sides = SIDES.matcher(run.block("close"));
        assertTrue(sides.find(), run::toString);
        double lhs = Double.parseDouble(sides.group(1));
        double rhs = Double.parseDouble(sides.group(2));
        assertEquals(1e-7, Math.abs(rhs - lhs) / Math.abs(lhs), 1e-9, run::toString);
    }

    @Test
    void swappedIndicesOverTheSameDimAreRefuted() {
        String f = file("swap.nabla", Programs.LINEAR_MAP + "claim \"transposed\": diff(f[i], x[j]) == M[j, i]\n");
        Cli.Run run = Cli.run("check", f);
        assertEquals(1, run.code(), run::toString);
        String block = run.block("transposed");
        assertTrue(block.contains(": refuted claim \"transposed\": counterexample"), block);
        assertTrue(block.contains("    dim d = 2\n"), block);
        assertTrue(block.contains("    M = [["), block);
        assertTrue(Pattern.compile("(?m)^    at i = [12], j = [12]: lhs = \\S+, rhs = \\S+$").matcher(block).find(), block);
    }

    @Test
    void aDeriveChainNamesItsFirstFailingStepByLine() {
        String chain = "derive \"bad middle\" {\n"
                + "    diff(E, theta[j])\n"
                + "  = diff(E, yhat[j]) * diff(yhat[j], theta[j])\n"
                + "  = diff(E, yhat[j]) * sigmoid'(beta[j] - theta[j])\n"
                + "  = (yhat[j] - y[j]) * yhat[j] * (1 - yhat[j]) * (-1)\n"
                + "  = g[j]\n"
                + "}\n";
        String f = file("chain.nabla", Programs.BP_NETWORK + chain);
        int first = Programs.lines(Programs.BP_NETWORK) + 1;
        int wrongStep = first + 3;
        Cli.Run run = Cli.run("check", f);
        assertEquals(1, run.code(), run::toString);
        String block = run.block("bad middle");
        assertTrue(block.startsWith(f + ":" + first + ": refuted derive \"bad middle\": 4 steps: proved, refuted, "),
                block);
        assertTrue(block.contains("    first failing step: step 2 at line " + wrongStep + "\n"), block);
        assertTrue(SIDES.matcher(block).find(), block);

        JsonObject json = Cli.run("check", "--json", f).labelled("bad middle");
        JsonArray steps = json.getAsJsonArray("steps");
        assertEquals(4, steps.size());
        assertEquals("proved", steps.get(0).getAsJsonObject().get("verdict").getAsString());
        assertEquals("refuted", steps.get(1).getAsJsonObject().get("verdict").getAsString());
        assertEquals(wrongStep, steps.get(1).getAsJsonObject().get("line").getAsInt());
        assertEquals("step", steps.get(1).getAsJsonObject().get("kind").getAsString());
    }

    @Test
    void undefinedPointsAreSkippedAndCounted() {
        String f = file("log.nabla", "dim d\ninput x[d] in [-1, 1]\nclaim \"log\": exp(log(x[i])) == x[i]\n");
        Cli.Run run = Cli.run("check", f);
        assertEquals(0, run.code(), run::toString);
        assertTrue(run.block("log").matches("(?s).*: tested  claim \"log\": agreed on \\d+ random samples "
                + "\\(\\d+ skipped where a side is undefined\\).*"), run::toString);
        JsonObject json = Cli.run("check", "--json", f).labelled("log");
        assertTrue(json.get("skipped").getAsInt() > 0, json::toString);
        assertTrue(json.get("samples").getAsInt() > 0, json::toString);
        assertEquals(100, json.get("skipped").getAsInt() + json.get("samples").getAsInt(), json::toString);
    }

    @Test
    void aClaimThatIsNeverDefinedIsAnError() {
        String f = file("never.nabla", "dim d\ninput x[d]\nclaim \"never\": sqrt(-1 - x[i]^2) == x[i]\n");
        Cli.Run run = Cli.run("check", f);
        assertEquals(2, run.code(), run::toString);
        String block = run.block("never");
        assertTrue(block.startsWith(f + ":3: error   claim \"never\": cannot be checked\n"), block);
        assertTrue(block.contains("no sample where both sides are defined"), block);
        assertEquals("error", Cli.run("check", "--json", f).labelled("never").get("verdict").getAsString());
    }

    @Test
    void trueClaimsThatSufferCancellationAreNotRefuted() {
        String f = file("cancel.nabla", "dim d\ninput x[d] in [0, 1]\nconst c in [0, 1]\n"
                + "claim \"c1\": (1e10 + c) - 1e10 == c\n"
                + "claim \"c2\": (1e10 + sin(x[i])) - 1e10 == sin(x[i])\n"
                + "claim \"c3\": exp(log(1e10 + c)) - 1e10 == c\n"
                + "claim \"c4\": sum(i, (1e8 + x[i])^2 - 1e16) == sum(i, 2e8 * x[i] + x[i]^2)\n");
        Cli.Run run = Cli.run("check", "--json", f);
        assertEquals(0, run.code(), run::toString);
        for (JsonElement e : run.json()) {
            String verdict = e.getAsJsonObject().get("verdict").getAsString();
            assertTrue(verdict.equals("proved") || verdict.equals("tested"), e::toString);
        }
    }

    @Test
    void maxSizeRaisesTheLargestSizeDrawn() {
        String f = file("small.nabla", "dim d\nclaim \"at most 5\": step(5.5 - d) == 1\n");
        Cli.Run byDefault = Cli.run("check", f);
        assertEquals(0, byDefault.code(), byDefault::toString);
        Cli.Run larger = Cli.run("check", "--max-size", "8", f);
        assertEquals(1, larger.code(), larger::toString);
        assertTrue(larger.block("at most 5").contains("    dim d = 6\n    lhs = 0, rhs = 1\n"), larger::toString);
    }

    @Test
    void exitCodeIsTheWorstOverAllFiles() {
        String ok = file("ok.nabla", "dim d\ninput x[d]\nclaim x[i] + x[i] == 2 * x[i]\n");
        String refuted = file("refuted.nabla", "dim d\ninput x[d]\nclaim x[i] + x[i] == 3 * x[i]\n");
        String broken = file("broken.nabla", "dim d\ninput x[d]\nclaim x[i] == \n");
        assertEquals(0, Cli.run("check", ok).code());
        assertEquals(1, Cli.run("check", ok, refuted).code());
        Cli.Run all = Cli.run("check", ok, refuted, broken);
        assertEquals(2, all.code(), all::toString);
        assertTrue(all.out().contains("\n3 checked in 3 files: 1 proved, 0 tested, 1 refuted, 1 errors ("),
                all::toString);
        assertTrue(all.out().contains(ok + ":3: "), all::toString);
        assertTrue(all.out().contains(refuted + ":3: refuted"), all::toString);
    }

    @Test
    void foldersAreSearchedRecursivelyForNablaFiles() {
        file("top.nabla", "dim d\ninput x[d]\nclaim \"top\": x[i] == x[i]\n");
        file("a/b/deep.nabla", "dim d\ninput x[d]\nclaim \"deep\": 2 * x[i] == x[i] + x[i]\n");
        file("a/notes.txt", "this is not nabla ((((\n");
        file("a/b/c.nabla.bak", "garbage ((\n");
        Cli.Run run = Cli.run("check", dir.toString());
        assertEquals(0, run.code(), run::toString);
        assertEquals("", run.err());
        assertTrue(run.block("top").startsWith(dir.resolve("top.nabla") + ":3: proved"), run::toString);
        assertTrue(run.block("deep").startsWith(dir.resolve("a/b/deep.nabla") + ":3: proved"), run::toString);
        assertTrue(run.out().contains("2 checked in 2 files"), run::toString);
    }

    @Test
    void aFolderWithoutNablaFilesIsBadInput() throws java.io.IOException {
        Path empty = java.nio.file.Files.createDirectory(dir.resolve("empty"));
        Cli.write(empty.resolve("notes.txt"), "claim 1 == 1\n");
        Cli.Run run = Cli.run("check", empty.toString());
        assertEquals(2, run.code(), run::toString);
        assertEquals(empty + ": error: no .nabla files in this folder\n", run.err());
    }

    @Test
    void aMissingPathIsBadInput() {
        Path missing = dir.resolve("no-such.nabla");
        Cli.Run run = Cli.run("check", missing.toString());
        assertEquals(2, run.code(), run::toString);
        assertTrue(run.err().contains(missing + ": error: no such file or folder"), run::toString);
        Cli.assertNoStackTrace(run);
    }

    @Test
    void syntaxErrorsAreAllReportedWithPositionSourceLineAndCaret() {
        String f = file("syntax.nabla", "dim d\ninput x[d]\nclaim \"a\": x[i] == x[i] +\nparam 3\nclaim \"b\": x[i] == x[i]\n");
        Cli.Run run = Cli.run("check", f);
        assertEquals(2, run.code(), run::toString);
        List<String> errors = Cli.assertDiagnostics(run.err());
        assertTrue(errors.size() >= 2, run::toString);
        assertTrue(errors.stream().anyMatch(e -> e.startsWith(f + ":4:7: error: ")), run::toString);
        Cli.assertNoStackTrace(run);
    }

    @Test
    void nameErrorsAreAllReportedTogether() {
        String f = file("names.nabla", "dim d\ninput x[d]\nclaim x[i] == z[i]\nclaim yy == 2\n");
        Cli.Run run = Cli.run("check", f);
        assertEquals(2, run.code(), run::toString);
        assertEquals(List.of(f + ":3:15: error: undeclared name 'z'", f + ":4:7: error: undeclared name 'yy'"),
                Cli.assertDiagnostics(run.err()));
        assertTrue(run.err().contains("claim x[i] == z[i]\n              ^\n"), run::toString);
    }

    @Test
    void jsonReportHasOneObjectPerCheckWithItsSteps() {
        String f = file("mixed.nabla", Programs.BP_NETWORK
                + "claim \"5.10\": -diff(E, beta[j]) == g[j]\n"
                + "claim diff(E, yhat[j]) == yhat[j] + y[j]\n"
                + "derive \"chain\" {\n  diff(E, yhat[j])\n  = yhat[j] - y[j]\n}\n"
                + "example \"hand\" {\n  dim l = 1\n  y = [1]\n  expect y[1] == 1\n}\n");
        Cli.Run run = Cli.run("check", "--json", f);
        assertEquals(1, run.code(), run::toString);
        JsonArray report = run.json();
        assertEquals(4, report.size(), run::toString);
        int line = Programs.lines(Programs.BP_NETWORK) + 1;
        List<String> kinds = List.of("claim", "claim", "derive", "example");
        List<Integer> lines = List.of(line, line + 1, line + 2, line + 6);
        List<String> verdicts = List.of("proved", "refuted", "proved", "tested");
        for (int k = 0; k < report.size(); k++) {
            JsonObject o = report.get(k).getAsJsonObject();
            for (String field : List.of("file", "line", "kind", "label", "verdict")) {
                assertTrue(o.has(field), () -> field + " missing in " + o);
            }
            assertEquals(f, o.get("file").getAsString());
            assertEquals(lines.get(k), o.get("line").getAsInt(), o::toString);
            assertEquals(kinds.get(k), o.get("kind").getAsString());
            assertEquals(verdicts.get(k), o.get("verdict").getAsString(), o::toString);
        }
        assertTrue(report.get(1).getAsJsonObject().get("label").isJsonNull());
        assertTrue(report.get(1).getAsJsonObject().get("detail").getAsString().contains("lhs = "),
                () -> "the counterexample should be readable in the JSON text: " + run.out());
        assertTrue(run.out().contains("lhs = "), () -> "no escaped '=' in the JSON text: " + run.out());
        JsonArray steps = report.get(2).getAsJsonObject().getAsJsonArray("steps");
        assertEquals(1, steps.size());
        JsonObject step = steps.get(0).getAsJsonObject();
        assertEquals(List.of(f, line + 4, "step", "proved"), List.of(step.get("file").getAsString(),
                step.get("line").getAsInt(), step.get("kind").getAsString(), step.get("verdict").getAsString()));
        assertFalse(report.get(0).getAsJsonObject().has("steps"));
    }

    /** A file that does not load is one entry of kind file, with its diagnostics, after the files before it. */
    @Test
    void aFileThatDoesNotLoadIsAnErrorEntryInTheJsonReport() {
        String ok = file("ok.nabla", "dim d\ninput x[d]\nclaim \"ok\": x[i] + x[i] == 2 * x[i]\n");
        String broken = file("broken.nabla", "dim d\ninput x[d]\nclaim x[i] == x[i] +\nparam 3\n");
        Cli.Run run = Cli.run("check", "--json", ok, broken);
        assertEquals(2, run.code(), run::toString);
        JsonArray report = run.json();
        assertEquals(2, report.size(), run::toString);
        assertEquals("ok", report.get(0).getAsJsonObject().get("label").getAsString());
        JsonObject entry = report.get(1).getAsJsonObject();
        assertEquals(List.of(broken, "file", "error", "file", 4, 1), List.of(entry.get("file").getAsString(),
                entry.get("kind").getAsString(), entry.get("verdict").getAsString(), entry.get("id").getAsString(),
                entry.get("line").getAsInt(), entry.get("column").getAsInt()), entry::toString);
        assertEquals(broken + ":4:1: error: expected an expression but found 'param'\n"
                + broken + ":4:7: error: expected a name but found '3'", entry.get("detail").getAsString());
        JsonArray diagnostics = entry.getAsJsonArray("diagnostics");
        assertEquals(2, diagnostics.size(), entry::toString);
        JsonObject second = diagnostics.get(1).getAsJsonObject();
        assertEquals(List.of(broken, 4, 7, 4, 8, "expected a name but found '3'"),
                List.of(second.get("file").getAsString(), second.get("line").getAsInt(),
                        second.get("column").getAsInt(), second.get("endLine").getAsInt(),
                        second.get("endColumn").getAsInt(), second.get("message").getAsString()), second::toString);
        // the diagnostics still go to standard error, with the source line and a caret
        assertEquals(List.of(broken + ":4:1: error: expected an expression but found 'param'",
                broken + ":4:7: error: expected a name but found '3'"), Cli.assertDiagnostics(run.err()));
    }

    /** A refuted claim's counterexample is an object in the JSON report, beside its rendering. */
    @Test
    void jsonReportGivesTheCounterexampleAsAnObject() {
        String f = file("swap.nabla", Programs.LINEAR_MAP + "claim \"transposed\": diff(f[i], x[j]) == M[j, i]\n");
        Cli.Run run = Cli.run("check", "--json", f);
        assertEquals(1, run.code(), run::toString);
        JsonObject claim = run.labelled("transposed");
        JsonObject cx = claim.getAsJsonObject("counterexample");
        assertEquals(2, cx.getAsJsonObject("sizes").get("d").getAsInt(), claim::toString);
        JsonObject m = cx.getAsJsonObject("values").getAsJsonObject("M");
        assertEquals("[\"d\",\"d\"]", m.getAsJsonArray("shape").toString());
        assertEquals(4, m.getAsJsonArray("values").size(), claim::toString);
        assertEquals(Set.of("i", "j"), cx.getAsJsonObject("at").keySet());
        assertNotEquals(cx.get("lhs").getAsDouble(), cx.get("rhs").getAsDouble());
        assertTrue(claim.get("detail").getAsString().endsWith("lhs = " + cx.get("lhsText").getAsString() + ", rhs = "
                + cx.get("rhsText").getAsString()), claim::toString);
        assertEquals(List.of(5, 1, 5), List.of(claim.get("line").getAsInt(), claim.get("column").getAsInt(),
                claim.get("endLine").getAsInt()), claim::toString);
    }

    @Test
    void jsonReportIsAnArrayEvenWhenNothingIsChecked() {
        String f = file("empty.nabla", "# nothing to check\ndim d\n");
        Cli.Run run = Cli.run("check", "--json", f);
        assertEquals(0, run.code(), run::toString);
        assertEquals(0, run.json().size());
    }

    @Test
    void helpIsOnEveryCommand() {
        Cli.Run nabla = Cli.run("--help");
        assertEquals(0, nabla.code());
        assertTrue(nabla.out().startsWith("Usage: nabla "), nabla::toString);
        assertTrue(nabla.out().contains("check") && nabla.out().contains("grad"), nabla::toString);
        assertTrue(nabla.out().contains("  train       Train a formula file's network on a CSV file.\n")
                && nabla.out().contains("  predict     Predict the class of each row of a CSV file.\n"), nabla::toString);
        assertTrue(nabla.out().contains("  grad        Print the adjoint program of a definition as .nabla definitions."),
                () -> "the command list should show a whole sentence: " + nabla.out());
        assertTrue(nabla.out().contains("  compile     Write the Java source of a trainer for the file's train statement.\n"),
                () -> "the command list should show a whole sentence: " + nabla.out());

        Cli.Run check = Cli.run("check", "--help");
        assertEquals(0, check.code());
        assertTrue(check.out().startsWith("Usage: nabla check "), check::toString);
        for (String option : List.of("--json", "--max-size", "--samples", "--seed", "PATH")) {
            assertTrue(check.out().contains(option), option);
        }

        Cli.Run grad = Cli.run("grad", "--help");
        assertEquals(0, grad.code());
        assertTrue(grad.out().startsWith("Usage: nabla grad "), grad::toString);
        for (String option : List.of("--of", "--wrt", "FILE")) {
            assertTrue(grad.out().contains(option), option);
        }
        assertEquals(check.out(), Cli.run("help", "check").out());
    }

    @Test
    void versionIsPrinted() {
        for (List<String> args : List.of(List.of("--version"), List.of("-V"), List.of("check", "--version"))) {
            Cli.Run run = Cli.run(args);
            assertEquals(0, run.code(), run::toString);
            assertTrue(run.out().matches("nabla \\S+\\R"), run::toString);
        }
    }

    @Test
    void badCommandLinesExitTwoWithAMessage() {
        for (List<String> args : List.<List<String>>of(List.of("--bogus"), List.of("check", "--bogus", "x.nabla"),
                List.of("grad", "--bogus"), List.of("check"), List.of("grad", "f.nabla"), List.of(),
                List.of("frobnicate"), List.of("check", "--samples", "0", "x.nabla"),
                List.of("check", "--max-size", "many", "x.nabla"))) {
            Cli.Run run = Cli.run(args);
            assertEquals(2, run.code(), run::toString);
            assertTrue(run.err().startsWith("nabla"), run::toString);
            assertEquals("", run.out(), run::toString);
            Cli.assertNoStackTrace(run);
        }
        assertTrue(Cli.run("check", "--bogus", "x.nabla").err().contains("Unknown option: '--bogus'"));
    }
}
