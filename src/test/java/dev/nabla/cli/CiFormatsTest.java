package dev.nabla.cli;

import dev.nabla.api.FileResult;
import dev.nabla.api.Nabla;
import dev.nabla.api.Settings;
import dev.nabla.api.TextReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code check --format junit|github}, the text format's ending, its colours, and {@code completion bash}. */
class CiFormatsTest {
    private static final String FILE = "input x in {0, 1}\n"
            + "claim \"sign lost\": x * 2 == -2 * x\n"
            + "claim \"ok\": x + x == 2 * x\n"
            + "claim \"ok\": x * x == x^2\n"
            + "claim: (x + 1)^4294967298 == (x + 1)^2\n";

    @TempDir
    Path dir;

    private Path file() {
        return Cli.write(dir.resolve("ci.nabla"), FILE);
    }

    @Test
    void junitXmlHasATestcasePerCheckWithFileLineAndTheCounterexample() throws Exception {
        Path f = file();
        Cli.Run run = Cli.run("check", "--format", "junit", f.toString());
        assertEquals(1, run.code(), run::toString);
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(run.out().getBytes(StandardCharsets.UTF_8)));
        Element suites = xml.getDocumentElement();
        assertEquals("testsuites", suites.getTagName());
        assertEquals("4", suites.getAttribute("tests"));
        assertEquals("2", suites.getAttribute("failures"), "refuted, and inconclusive, which never passes");
        NodeList cases = xml.getElementsByTagName("testcase");
        assertEquals(4, cases.getLength());
        Element refuted = (Element) cases.item(0);
        assertEquals("claim \"sign lost\" (line 2)", refuted.getAttribute("name"));
        assertEquals(f.toString(), refuted.getAttribute("file"));
        assertEquals("2", refuted.getAttribute("line"));
        Element failure = (Element) refuted.getElementsByTagName("failure").item(0);
        assertEquals("refuted", failure.getAttribute("type"));
        assertEquals("x = 1\nlhs = 2, rhs = -2\ndiffers by a factor -1", failure.getTextContent());
        assertEquals("claim \"ok\" (line 3)", ((Element) cases.item(1)).getAttribute("name"));
        assertEquals(0, ((Element) cases.item(1)).getChildNodes().getLength(), "a pass has no failure");
        assertEquals("claim \"ok\" (line 4)", ((Element) cases.item(2)).getAttribute("name"), "names are unique");
        Element inconclusive = (Element) ((Element) cases.item(3)).getElementsByTagName("failure").item(0);
        assertEquals("inconclusive", inconclusive.getAttribute("type"));
    }

    @Test
    void junitXmlOfAFileThatDoesNotLoadIsOneError() throws Exception {
        Path f = Cli.write(dir.resolve("broken.nabla"), "input x\nclaim: x + == 1\n");
        Cli.Run run = Cli.run("check", "--format", "junit", f.toString());
        assertEquals(2, run.code(), run::toString);
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(run.out().getBytes(StandardCharsets.UTF_8)));
        assertEquals("1", xml.getDocumentElement().getAttribute("errors"));
        Element error = (Element) xml.getElementsByTagName("error").item(0);
        assertTrue(error.getTextContent().startsWith(f + ":2:"), error.getTextContent());
    }

    @Test
    void junitXmlStaysWellFormedWithControlCharactersInALabel() throws Exception {
        // found in review: a label with U+0001 made a file no XML reader parses
        Path f = Cli.write(dir.resolve("ctl.nabla"), "input x\nclaim \"a\u0001b\": x == x\n");
        Cli.Run run = Cli.run("check", "--format", "junit", f.toString());
        assertEquals(0, run.code(), run::toString);
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(run.out().getBytes(StandardCharsets.UTF_8)));
        assertEquals("claim \"aU+0001b\" (line 2)",
                ((Element) xml.getElementsByTagName("testcase").item(0)).getAttribute("name"));
    }

    @Test
    void aPathThatNamesNoFileIsAnErrorInTheXmlToo() throws Exception {
        // found in review: a missing path left a valid, empty report that a CI job would pass
        Cli.Run run = Cli.run("check", "--format", "junit", dir.resolve("missing.nabla").toString());
        assertEquals(2, run.code(), run::toString);
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(run.out().getBytes(StandardCharsets.UTF_8)));
        assertEquals("1", xml.getDocumentElement().getAttribute("errors"));
        assertEquals("no such file or folder", xml.getElementsByTagName("error").item(0).getTextContent());
        Cli.Run json = Cli.run("check", "--json", dir.resolve("missing.nabla").toString());
        assertEquals("file", json.json().get(0).getAsJsonObject().get("kind").getAsString());
    }

    @Test
    void githubFormatAnnotatesEachFailingLine() {
        Path f = file();
        Cli.Run run = Cli.run("check", "--format", "github", f.toString());
        assertEquals(1, run.code(), run::toString);
        List<String> annotations = run.out().lines().filter(l -> l.startsWith("::")).toList();
        assertEquals(2, annotations.size(), run::toString);
        assertEquals("::error file=" + f + ",line=2,col=1,title=refuted claim \"sign lost\"::refuted claim "
                + "\"sign lost\"%0Ax = 1%0Alhs = 2, rhs = -2%0Adiffers by a factor -1", annotations.get(0));
        assertTrue(annotations.get(1).startsWith("::warning file=" + f + ",line=5,"), annotations.get(1));
    }

    @Test
    void theTextEndsWithTheFirstFailureRepeatedAndTheCounts() {
        Cli.Run run = Cli.run("check", file().toString());
        List<String> lines = run.out().lines().toList();
        int first = lines.indexOf("first failure:");
        assertTrue(first > 0, run::toString);
        assertTrue(lines.get(first + 1).endsWith(": refuted claim \"sign lost\": counterexample"), run::toString);
        assertTrue(lines.get(lines.size() - 1).startsWith("4 checked in 1 file: 2 proved, 0 tested, 1 refuted, "
                + "1 inconclusive, 0 errors ("), run::toString);
        assertFalse(run.out().contains("\u001b["), "no colour when not on a terminal");
    }

    @Test
    void aRunThatPassesRepeatsNothing() {
        Cli.Run run = Cli.run("check", "derivations/ch5-neuron.nabla");
        assertEquals(0, run.code(), run::toString);
        assertFalse(run.out().contains("first failure:"), run::toString);
    }

    @Test
    void coloursMarkVerdictsAndNonZeroCountsOnly() {
        FileResult r = Nabla.load(file()).checkAll(Settings.DEFAULT);
        String ending = TextReport.ending(List.of(r), 1, 0.5, true);
        String summary = ending.lines().reduce((a, b) -> b).orElseThrow();
        assertEquals("4 checked in 1 file: \u001b[32m2 proved\u001b[0m, 0 tested, \u001b[31m1 refuted\u001b[0m, "
                + "\u001b[33m1 inconclusive\u001b[0m, 0 errors (0.5 s)", summary);
        assertTrue(TextReport.text(r.results().get(0), true).contains(": \u001b[31mrefuted\u001b[0m claim"));
    }

    @Test
    void completionForBashNamesEveryCommand() {
        Cli.Run run = Cli.run("completion", "bash");
        assertEquals(0, run.code(), run::toString);
        assertTrue(run.out().contains("complete -F"), run::toString);
        for (String command : List.of("check", "grad", "compile", "train", "predict")) {
            assertTrue(run.out().contains(command), command);
        }
        assertTrue(run.out().contains("--format"));
        Cli.Run fish = Cli.run("completion", "fish");
        assertEquals(2, fish.code());
        assertTrue(fish.err().contains("no completion for 'fish'"), fish::toString);
    }
}
