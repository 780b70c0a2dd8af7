package dev.nabla.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code nabla report} and {@code nabla graph} from the command line. */
class ReportCommandTest {
    @Test
    void theReportOfARefutedClaimShowsItsCounterexampleAndFormula(@TempDir Path dir) {
        Path bad = Cli.write(dir.resolve("bad.nabla"), "input u\nz = u^2\nclaim \"lost sign\": diff(z, u) == -2 * u\n");
        Path page = dir.resolve("report.html");
        Cli.Run run = Cli.run("report", bad.toString(), "-o", page.toString());
        assertEquals(1, run.code(), run::toString);
        assertTrue(run.out().startsWith("wrote " + page + " ("), run::toString);
        String html = Cli.read(page);
        assertTrue(html.contains("<span class=\"verdict refuted\">refuted</span>"), "the verdict");
        assertTrue(html.contains("data-tex=\"\\frac{\\partial z}{\\partial u} = -2 u\""), "the claim as written");
        assertTrue(html.contains("<b>Counterexample</b>: left side <code>") && html.contains("lhs = "), "the counterexample");
        assertTrue(html.contains("Adjoint program of z"), "the derived program");
        assertTrue(html.contains("<svg class=\"graph\""), "the graph");
        assertFalse(html.contains("url(fonts/"), "every font embedded");
        assertTrue(html.contains("src:url(data:font/woff2;base64,"), "every font embedded");
    }

    @Test
    void aWrongPathNeverReplacesAnEarlierReport(@TempDir Path dir) throws java.io.IOException {
        // found in review: a report of "0 files" overwrote the page that was there
        Path page = java.nio.file.Files.writeString(dir.resolve("r.html"), "an earlier report");
        Cli.Run run = Cli.run("report", dir.resolve("missing.nabla").toString(), "-o", page.toString());
        assertEquals(2, run.code(), run::toString);
        assertEquals("an earlier report", java.nio.file.Files.readString(page));
        assertTrue(run.err().contains(page + ": error: not written: no .nabla file to report on"), run::toString);
        Cli.Run nowhere = Cli.run("report", "derivations/xor.nabla", "-o", dir.resolve("no/such/dir/r.html").toString());
        assertEquals(2, nowhere.code(), nowhere::toString);
        assertTrue(nowhere.err().contains("cannot write: there is no directory"), nowhere::toString);
    }

    @Test
    void aHistoryThatIsNotOneIsBadInput(@TempDir Path dir) {
        Path history = Cli.write(dir.resolve("h.csv"), "a,b\n1,2\n");
        Cli.Run run = Cli.run("report", "derivations/xor.nabla", "-o", dir.resolve("r.html").toString(),
                "--history", history.toString());
        assertEquals(2, run.code(), run::toString);
        assertEquals(history + ": error: not a training history: it has no 'loss' column\n", run.err());
        assertFalse(Files.exists(dir.resolve("r.html")));
    }

    @Test
    void graphPrintsDot() {
        Cli.Run run = Cli.run("graph", "derivations/xor.nabla");
        assertEquals(0, run.code(), run::toString);
        assertTrue(run.out().startsWith("digraph \"xor\" {\n"), run::toString);
        assertTrue(run.out().contains("  \"alpha\" -> \"b\";\n"), run::toString);
        assertTrue(run.out().endsWith("}\n"), run::toString);
    }
}
