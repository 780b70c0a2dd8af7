package dev.nabla.api;

import dev.nabla.cli.Programs;
import dev.nabla.diag.SourceSpan;
import dev.nabla.verify.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The library entry point: listing checks, checking one or all, and results as data. */
class NablaTest {
    private static final int FIRST = Programs.lines(Programs.BP_NETWORK) + 1;
    private static final String FILE = Programs.BP_NETWORK
            + "claim \"5.10\": -diff(E, beta[j]) == g[j]\n"
            + "claim diff(E, yhat[j]) == yhat[j] + y[j]\n"
            + "derive \"chain\" {\n  diff(E, yhat[j])\n  = yhat[j] + y[j]\n  = yhat[j] - y[j]\n}\n"
            + "example \"hand\" {\n  dim l = 2\n  y = [1, 0]\n  expect y[j] == 1 - y[j]\n}\n";

    @TempDir
    Path dir;

    @Test
    void checksAreListedInSourceOrderWithKindLabelAndSpan() {
        LoadedFile file = Nabla.load("bp.nabla", FILE);
        assertTrue(file.loaded());
        assertEquals(List.of(), file.diagnostics());
        List<Check> checks = file.checks();
        assertEquals(List.of("claim@" + FIRST + ":1", "claim@" + (FIRST + 1) + ":1", "derive@" + (FIRST + 2) + ":1",
                "example@" + (FIRST + 7) + ":1"), checks.stream().map(Check::id).toList());
        assertEquals(List.of(Kind.CLAIM, Kind.CLAIM, Kind.DERIVE, Kind.EXAMPLE),
                checks.stream().map(Check::kind).toList());
        assertEquals("5.10", checks.get(0).label());
        assertNull(checks.get(1).label());
        assertEquals(new SourceSpan("bp.nabla", FIRST, 1, FIRST, 40), checks.get(0).span());
        assertEquals("claim \"5.10\"", checks.get(0).title());
        assertEquals("claim", checks.get(1).title());
    }

    @Test
    void oneCheckRunsAloneAndAgreesWithCheckingAll() {
        LoadedFile file = Nabla.load("bp.nabla", FILE);
        FileResult all = file.checkAll(Settings.DEFAULT);
        assertEquals(List.of(Verdict.PROVED, Verdict.REFUTED, Verdict.REFUTED, Verdict.REFUTED),
                all.results().stream().map(Result::verdict).toList());
        Result alone = Nabla.load("bp.nabla", FILE).check("claim@" + (FIRST + 1) + ":1", Settings.DEFAULT);
        assertEquals(all.results().get(1), alone);
        assertEquals(Result.Status.FAILED, alone.status());
        assertEquals(Result.Status.PASSED, all.results().get(0).status());
        assertThrows(NoSuchElementException.class, () -> file.check("claim@1:1", Settings.DEFAULT));
    }

    @Test
    void aCounterexampleIsDataThatRendersAsAnExampleBody() {
        Result r = Nabla.load("bp.nabla", FILE).check("claim@" + (FIRST + 1) + ":1", Settings.DEFAULT);
        Counterexample c = r.counterexample();
        assertEquals(List.of("d", "l", "q"), List.copyOf(c.sizes().keySet()));
        assertEquals(List.of("j"), List.copyOf(c.at().keySet()));
        Counterexample.Leaf y = c.leaves().stream().filter(l -> l.name().equals("y")).findFirst().orElseThrow();
        assertEquals(List.of("l"), y.shape());
        assertEquals((int) c.sizes().get("l"), y.values().size());
        assertNotEquals(c.lhs(), c.rhs());
        assertEquals(c.render(), r.detail());
        assertTrue(c.render().startsWith("dim d = " + c.sizes().get("d") + ", l = " + c.sizes().get("l") + ", q = "
                + c.sizes().get("q") + "\n"), c::render);
        assertTrue(c.render().endsWith("at j = " + c.at().get("j") + ": lhs = " + c.lhsText() + ", rhs = "
                + c.rhsText()), c::render);
        assertNull(r.message());
    }

    @Test
    void aDeriveChainHasItsStepsAndNamesTheFirstFailingOne() {
        Result chain = Nabla.load("bp.nabla", FILE).check("derive@" + (FIRST + 2) + ":1", Settings.DEFAULT);
        assertEquals(2, chain.steps().size());
        Result step = chain.steps().get(0);
        assertEquals(List.of(Kind.STEP, "step 1", "derive@" + (FIRST + 2) + ":1/1", FIRST + 4, Verdict.REFUTED),
                List.of(step.kind(), step.label(), step.check().id(), step.line(), step.verdict()));
        assertEquals(Verdict.REFUTED, chain.steps().get(1).verdict());
        assertEquals(step, chain.firstFailingStep().orElseThrow());
        assertEquals("first failing step: step 1 at line " + (FIRST + 4) + "\n" + step.counterexample().render(),
                chain.detail());
    }

    @Test
    void aFailingExpectGivesWhereItFailsAndBothSides() {
        Result example = Nabla.load("bp.nabla", FILE).check("example@" + (FIRST + 7) + ":1", Settings.DEFAULT);
        assertEquals(Verdict.REFUTED, example.verdict());
        assertEquals("expect at line " + (FIRST + 10) + " fails", example.message());
        assertEquals(Map.of("j", 1), example.counterexample().at());
        assertEquals(List.of(1.0, 0.0), List.of(example.counterexample().lhs(), example.counterexample().rhs()));
        assertEquals("expect at line " + (FIRST + 10) + " fails at j = 1: lhs = 1, rhs = 0", example.detail());
    }

    @Test
    void aFileThatDoesNotLoadIsOneErrorWithItsDiagnostics() throws IOException {
        Path f = Files.writeString(dir.resolve("broken.nabla"), "dim d\ninput x[d]\nclaim x[i] == x[i] +\nparam 3\n");
        LoadedFile file = Nabla.load(f);
        assertFalse(file.loaded());
        assertEquals(2, file.diagnostics().size());
        assertEquals(List.of(new Check("file", Kind.FILE, null, new SourceSpan(f.toString(), 4, 1, 4, 6))),
                file.checks());
        FileResult result = file.checkAll(Settings.DEFAULT);
        assertFalse(result.loaded());
        Result error = result.results().get(0);
        assertEquals(List.of(Kind.FILE, Verdict.ERROR, Result.Status.ERROR),
                List.of(error.kind(), error.verdict(), error.status()));
        assertEquals(file.diagnostics(), error.diagnostics());
        assertEquals(f + ":4:1: error: expected an expression but found 'param'\n"
                + f + ":4:7: error: expected a name but found '3'", error.detail());
        assertEquals(f + ":4:1: error: expected an expression but found 'param'\nparam 3\n^~~~~\n"
                + f + ":4:7: error: expected a name but found '3'\nparam 3\n      ^\n", result.renderDiagnostics());
    }

    /** A definition error keeps the whole file from loading; an ill-formed claim is only that claim's error. */
    @Test
    void aDefinitionErrorIsTheFilesButAnIllFormedClaimIsItsOwn() {
        LoadedFile definition = Nabla.load("def.nabla", "dim d\ninput x[d]\ny[i] = z[i]\nclaim x[i] == x[i]\n");
        assertFalse(definition.loaded());
        assertEquals("def.nabla:3:8: error: undeclared name 'z'",
                definition.checkAll(Settings.DEFAULT).results().get(0).detail());
        LoadedFile claim = Nabla.load("claim.nabla", "dim d\ninput x[d]\nclaim x[i] == z[i]\nclaim x[i] == x[i]\n");
        assertTrue(claim.loaded());
        List<Result> results = claim.checkAll(Settings.DEFAULT).results();
        assertEquals(List.of(Verdict.ERROR, Verdict.PROVED), results.stream().map(Result::verdict).toList());
        assertEquals("claim.nabla:3:15: error: undeclared name 'z'", results.get(0).detail());
        assertEquals(Kind.CLAIM, results.get(0).kind());
    }

    @Test
    void aMissingFileDoesNotLoadEither() {
        LoadedFile file = Nabla.load(dir.resolve("missing.nabla"));
        assertFalse(file.loaded());
        Result error = file.checkAll(Settings.DEFAULT).results().get(0);
        assertEquals(Verdict.ERROR, error.verdict());
        assertTrue(error.detail().endsWith(": error: cannot read " + dir.resolve("missing.nabla") + ": no such file"),
                error::detail);
    }

    @Test
    void settingsChangeTheSamplesAndTheSeedReproducesARun() {
        String text = "dim d\ninput x[d] in [0, 1]\nclaim \"t\": exp(log(1 + x[i])) == 1 + x[i]\n"
                + "claim \"f\": sum(i, x[i])^2 == sum(i, x[i]^2)\n";
        Settings few = Settings.DEFAULT.withSamples(7).withSeed(42).withMaxSize(3);
        FileResult a = Nabla.load("s.nabla", text).checkAll(few);
        assertEquals(7, a.results().get(0).samples(), a::toString);
        assertEquals(a, Nabla.load("s.nabla", text).checkAll(few));
        assertTrue(a.results().get(1).counterexample().sizes().get("d") <= 3, a::toString);
        assertThrows(IllegalArgumentException.class, () -> Settings.DEFAULT.withSamples(0));
        assertThrows(IllegalArgumentException.class, () -> Settings.DEFAULT.withMaxSize(0));
    }

    @Test
    void foldersAreSearchedForNablaFilesInSortedOrder() throws IOException {
        Files.createDirectories(dir.resolve("b/c"));
        Files.writeString(dir.resolve("b/c/z.nabla"), "");
        Files.writeString(dir.resolve("a.nabla"), "");
        Files.writeString(dir.resolve("b/notes.txt"), "");
        assertEquals(List.of(dir.resolve("a.nabla"), dir.resolve("b/c/z.nabla")), Nabla.filesUnder(dir));
    }
}
