package dev.nabla.cli;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code refute LABEL: lhs == rhs}: proved by a counterexample, refuted where the identity is
 * proved or held at every sample, inconclusive and error as a claim would be.
 */
class RefuteTest {
    @TempDir
    Path dir;

    private String file(String text) {
        return Cli.write(dir.resolve("r.nabla"), text).toString();
    }

    @Test
    void aFalseIdentityIsProvedFalseByItsCounterexampleAndExitsZero() {
        String f = file("dim n\nparam x[n]\nrefute \"lost sign\": sum(i, x[i]) == -sum(i, x[i])\n");
        Cli.Run run = Cli.run("check", f);
        assertEquals(0, run.code(), run::toString);
        assertEquals("", run.err());
        assertEquals(f + ":3: proved  refute \"lost sign\": counterexample\n"
                + "    dim n = 1\n    x = [1]\n    lhs = 1, rhs = -1\n    differs by a factor -1\n", run.block("lost sign"));
        assertTrue(run.outLines().get(5).startsWith("1 checked in 1 file: 1 proved, 0 tested, 0 refuted, 0 errors"),
                run::toString);
    }

    @Test
    void aProvedIdentityRefutesTheRefuteWithTheProofAndExitsOne() {
        String f = file("dim n\nparam x[n]\nrefute \"holds\": sum(i, 2 * x[i]) == 2 * sum(i, x[i])\n");
        Cli.Run run = Cli.run("check", "--json", f);
        assertEquals(1, run.code(), run::toString);
        JsonObject o = run.labelled("holds");
        assertEquals("refute", o.get("kind").getAsString());
        assertEquals("refuted", o.get("verdict").getAsString());
        assertEquals(100, o.get("samples").getAsInt());
        assertEquals("the identity holds for every size: both sides reach the same canonical form",
                o.get("detail").getAsString());
    }

    @Test
    void anIdentityThatOnlyHeldAtTheSamplesAlsoFailsTheRefuteWithTheSamples() {
        // true, but not reached by the canonical form of this version: tested, so the refute fails
        String f = file("param s\nrefute \"tested\": log(exp(s)) == s\n");
        Cli.Run run = Cli.run("check", f);
        assertEquals(1, run.code(), run::toString);
        String block = run.block("tested");
        assertTrue(block.startsWith(f + ":2: refuted refute \"tested\": no counterexample; agreed on 100 random samples"),
                block);
        assertTrue(block.endsWith("\n    " + (block.contains("canonical form\n")
                ? "the identity holds for every size: both sides reach the same canonical form"
                : "the identity is not proved, but it held at every sample; a refute needs a counterexample") + "\n"),
                block);
    }

    @Test
    void aConstantDifferenceBelowDoublePrecisionIsACounterexampleFromTheCanonicalForm() {
        String f = file("param s in [1, 2]\nrefute \"tiny\": s == s + 1e-300\n");
        Cli.Run run = Cli.run("check", "--json", f);
        assertEquals(0, run.code(), run::toString);
        JsonObject o = run.labelled("tiny");
        assertEquals("proved", o.get("verdict").getAsString());
        assertTrue(o.get("detail").getAsString().startsWith("the sides differ by exactly"), o::toString);
    }

    @Test
    void aRefuteThatNoSampleDecidesIsInconclusiveOrAnErrorAsAClaimWouldBe() {
        String f = file("param s in [-2, -1]\nrefute \"undefined\": log(s) == s\n");
        Cli.Run run = Cli.run("check", "--json", f);
        assertEquals(2, run.code(), run::toString);
        JsonObject o = run.labelled("undefined");
        assertEquals("refute", o.get("kind").getAsString());
        assertEquals("error", o.get("verdict").getAsString());
        assertTrue(o.get("detail").getAsString().startsWith("no sample where both sides are defined"), o::toString);
    }

    @Test
    void anIllFormedRefuteIsAnErrorOfKindRefute() {
        String f = file("dim n\nparam x[n]\nrefute \"bad\": x[i] == x[j]\nclaim \"ok\": x[i] == x[i]\n");
        Cli.Run run = Cli.run("check", "--json", f);
        assertEquals(2, run.code(), run::toString);
        JsonObject bad = run.labelled("bad");
        assertEquals("refute", bad.get("kind").getAsString());
        assertEquals("error", bad.get("verdict").getAsString());
        assertEquals(f + ":3:1: error: the two sides have different free indices: [i] and [j]",
                bad.get("detail").getAsString());
        assertEquals("proved", run.labelled("ok").get("verdict").getAsString());
    }

    @Test
    void refuteIsAKeywordOnlyWhereAStatementStartsWithIt() {
        // the language contract does not reserve it, so a file valid under the contract stays valid
        String f = file("input refute\nclaim: refute + refute == 2 * refute\nsq = refute^2\n"
                + "refute \"a false square\": sq == sq + 1\n");
        Cli.Run run = Cli.run("check", "--json", f);
        assertEquals(0, run.code(), run::toString);
        assertEquals(List.of("claim", "refute"), List.of(run.json().get(0).getAsJsonObject().get("kind").getAsString(),
                run.json().get(1).getAsJsonObject().get("kind").getAsString()));
        assertEquals(List.of("proved", "proved"), List.of(run.json().get(0).getAsJsonObject().get("verdict").getAsString(),
                run.json().get(1).getAsJsonObject().get("verdict").getAsString()));
    }
}
