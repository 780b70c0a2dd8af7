package dev.nabla.cli;

import dev.nabla.diag.Diagnostics;
import dev.nabla.latex.WellFormed;
import dev.nabla.report.HtmlReport;
import dev.nabla.sema.DefinitionSymbol;
import dev.nabla.sema.Frontend;
import dev.nabla.sema.Program;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every bundled derivation renders to well-formed LaTeX, as written (check) and as derived (grad). */
class BundledLatexTest {
    static List<Path> bundled() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("derivations"))) {
            return files.filter(f -> f.toString().endsWith(".nabla")).sorted().toList();
        }
    }

    /** The display-math blocks of a LaTeX listing, each checked on its own. */
    private static void assertBlocksWellFormed(String listing, String what) {
        String[] blocks = listing.split("\\\\\\[|\\\\\\]|(?m)^%.*$");
        int formulas = 0;
        for (String block : blocks) {
            if (!block.isBlank()) {
                formulas++;
                assertNull(WellFormed.problem(block), () -> what + ":\n" + block);
            }
        }
        assertTrue(formulas > 0, what + " rendered no formula");
    }

    @Test
    void everyCheckOfEveryBundledFileRenders() throws IOException {
        for (Path f : bundled()) {
            for (String notation : List.of("standard", "book")) {
                Cli.Run run = Cli.run("check", "--format", "latex", "--notation", notation, f.toString());
                assertEquals(0, run.code(), run::toString);
                long checks = run.outLines().stream().filter(l -> l.startsWith("% " + f + ":")).count();
                long formulas = run.outLines().stream().filter(l -> l.equals("\\[")).count();
                assertEquals(checks, formulas, "one formula per check\n" + run);
                assertBlocksWellFormed(run.out(), f + " " + notation);
            }
        }
    }

    @Test
    void theAdjointProgramOfEveryObjectiveRenders() throws IOException {
        int programs = 0;
        for (Path f : bundled()) {
            Program program = Frontend.load(f, new Diagnostics());
            // the report's objectives: the train statement's, else each scalar definition a claim differentiates
            for (DefinitionSymbol of : HtmlReport.objectives(program)) {
                Cli.Run run = Cli.run("grad", f.toString(), "--of", of.name(), "--format", "latex");
                assertEquals(0, run.code(), run::toString);
                assertTrue(run.out().contains("\\begin{aligned}"), run::toString);
                assertBlocksWellFormed(run.out(), f + " " + of.name());
                programs++;
            }
        }
        assertTrue(programs >= 6, "adjoint programs rendered: " + programs);
    }

    @Test
    void gradInLatexWritesAdjointsAsTheBooksPartials() {
        Cli.Run run = Cli.run("grad", "derivations/ch5-bp.nabla", "--of", "E", "--format", "latex", "--notation", "book");
        assertEquals(0, run.code(), run::toString);
        assertEquals(List.of(
                "% adjoint program of E from derivations/ch5-bp.nabla, derived by reverse mode",
                "\\begin{aligned}",
                "\\frac{\\partial E}{\\partial \\hat{y}_j} &= \\hat{y}_j - y_j \\\\",
                "\\frac{\\partial E}{\\partial \\beta_j} &= \\frac{\\partial E}{\\partial \\hat{y}_j} \\hat{y}_j \\left(1 - \\hat{y}_j\\right) \\\\",
                "\\frac{\\partial E}{\\partial \\theta_j} &= -\\frac{\\partial E}{\\partial \\beta_j} \\\\",
                "\\frac{\\partial E}{\\partial w_{hj}} &= b_h \\frac{\\partial E}{\\partial \\beta_j} \\\\",
                "\\frac{\\partial E}{\\partial b_h} &= \\sum_{j=1}^{l} \\frac{\\partial E}{\\partial \\beta_j} w_{hj} \\\\",
                "\\frac{\\partial E}{\\partial \\alpha_h} &= b_h \\left(1 - b_h\\right) \\frac{\\partial E}{\\partial b_h} \\\\",
                "\\frac{\\partial E}{\\partial \\gamma_h} &= -\\frac{\\partial E}{\\partial \\alpha_h} \\\\",
                "\\frac{\\partial E}{\\partial v_{ih}} &= \\frac{\\partial E}{\\partial \\alpha_h} x_i",
                "\\end{aligned}"), run.outLines());
    }

    @Test
    void aRefutedClaimInLatexCarriesItsCounterexampleAsComments(@org.junit.jupiter.api.io.TempDir Path dir) {
        Path bad = Cli.write(dir.resolve("bad.nabla"), "input u\nclaim \"lost sign\": diff(u^2, u) == -2 * u\n");
        Cli.Run run = Cli.run("check", "--format", "latex", bad.toString());
        assertEquals(1, run.code(), run::toString);
        assertEquals(bad + ":2: refuted claim \"lost sign\"", run.outLines().get(0).substring(2));
        assertTrue(run.outLines().stream().anyMatch(l -> l.startsWith("%   ") && l.contains("lhs =")), run::toString);
        assertTrue(run.out().contains("\\[\n\\frac{\\partial}{\\partial u} \\left(u^{2}\\right) = -2 u\n\\]\n"), run::toString);
    }
}
