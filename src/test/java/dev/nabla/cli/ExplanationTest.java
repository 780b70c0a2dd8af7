package dev.nabla.cli;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A refuted claim says what differs when it is simple (issue 7, item 4), on mistakes as a student makes them. */
class ExplanationTest {
    private static final String DIR = "src/test/resources/explain/";

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "lost-sign.nabla       | 5.11     | differs by a factor -1",
            "missing-penalty.nabla | ∂E/∂w_h  | differs by the term 2 * (1 - lambda) * w[h] (lhs - rhs)",
            "swapped-indices.nabla | 5.11     | the indices h and j are swapped",
            "one-output.nabla      | 5.4      | holds only when l = 1",
    })
    void theExplanationIsTheLastLineUnderTheCounterexample(String file, String label, String explanation) {
        Cli.Run run = Cli.run("check", DIR + file);
        assertEquals(1, run.code(), run::toString);
        List<String> block = run.block(label).lines().toList();
        assertTrue(block.get(0).contains(": refuted claim \"" + label + "\": counterexample"), run::toString);
        assertTrue(block.get(block.size() - 2).matches("    (at .*: )?lhs = .*, rhs = .*"), run::toString);
        assertEquals("    " + explanation, block.get(block.size() - 1), run::toString);

        JsonObject json = Cli.run("check", "--json", DIR + file).labelled(label);
        assertEquals(explanation, json.get("explanation").getAsString());
        assertFalse(json.get("detail").getAsString().contains(explanation), json::toString);
    }

    @Test
    void aDeriveChainNamesItsFirstFailingStepWithTheStepsExplanation() {
        Cli.Run run = Cli.run("check", DIR + "derive-chain.nabla");
        assertEquals(1, run.code(), run::toString);
        List<String> block = run.block("5.12").lines().toList();
        assertTrue(block.get(0).endsWith(": refuted derive \"5.12\": 3 steps: proved, refuted, proved"), run::toString);
        assertEquals("    first failing step: step 2 at line 16", block.get(1));
        assertEquals("    at j = 1: lhs = -0.125, rhs = 0.125", block.get(block.size() - 2));
        assertEquals("    differs by a factor -1", block.get(block.size() - 1));

        JsonObject chain = Cli.run("check", "--json", DIR + "derive-chain.nabla").labelled("5.12");
        assertEquals("differs by a factor -1", chain.get("explanation").getAsString());
        JsonObject step = chain.getAsJsonArray("steps").get(1).getAsJsonObject();
        assertEquals("refuted", step.get("verdict").getAsString());
        assertEquals("differs by a factor -1", step.get("explanation").getAsString());
        assertFalse(chain.getAsJsonArray("steps").get(0).getAsJsonObject().has("explanation"));
    }

    /** A refute that passes keeps the explanation: it says how the book's formula is wrong. */
    @Test
    void aRefuteKeepsTheExplanationOfItsCounterexample() {
        String f = Cli.write(dir.resolve("refute.nabla"), Programs.BP_NETWORK
                + "refute \"5.11 as misprinted\": diff(E, w[h, j]) == g[j] * b[h]\n").toString();
        Cli.Run run = Cli.run("check", f);
        assertEquals(0, run.code(), run::toString);
        List<String> block = run.block("5.11 as misprinted").lines().toList();
        assertTrue(block.get(0).contains(": proved  refute \"5.11 as misprinted\": counterexample"), run::toString);
        assertEquals("    differs by a factor -1", block.get(block.size() - 1), run::toString);
    }

    /** CI formats carry the evidence as printed, explanation included. */
    @Test
    void junitAndGithubFormatsCarryTheExplanation() {
        for (String format : new String[] {"junit", "github"}) {
            Cli.Run run = Cli.run("check", "--format", format, DIR + "lost-sign.nabla");
            assertTrue(run.out().contains("differs by a factor -1"), run::toString);
        }
    }

    /** Nothing to explain where nothing is wrong, in the bundled derivations (only a refute's misprint is). */
    @Test
    void trueClaimsHaveNoExplanation() {
        Cli.Run run = Cli.run("check", "--json", "derivations");
        assertEquals(0, run.code(), run::toString);
        run.json().forEach(e -> assertTrue(!e.getAsJsonObject().has("explanation")
                || e.getAsJsonObject().get("kind").getAsString().equals("refute"), e::toString));
    }

    /** A mistake with no simple description gets the counterexample alone. */
    @Test
    void aMistakeWithoutASimpleDescriptionGetsNone() {
        String f = Cli.write(dir.resolve("none.nabla"), Programs.BP_NETWORK
                + "claim \"wrong\": -diff(E, w[h, j]) == g[j] * b[h] + sigmoid(w[h, j]) - b[h]^2\n").toString();
        Cli.Run run = Cli.run("check", "--json", f);
        JsonObject wrong = run.labelled("wrong");
        assertEquals("refuted", wrong.get("verdict").getAsString());
        assertFalse(wrong.has("explanation"), wrong::toString);
    }
}
