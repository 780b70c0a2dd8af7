package dev.nabla.cli;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * At a kink of abs, relu, step or sign the derivative is a convention (PyTorch's: relu'(0) = 0,
 * step(0) = 1). A claim that differs from it only at the kink is false, and is refuted whenever
 * the domain contains the kink, also where continuous sampling alone would never land on it.
 */
class KinkTest {
    @TempDir
    Path dir;

    private JsonObject only(String text) {
        Cli.Run run = Cli.run("check", "--json", Cli.write(dir.resolve("kink.nabla"), text).toString());
        Cli.assertNoStackTrace(run);
        assertEquals(1, run.json().size(), run::toString);
        return run.json().get(0).getAsJsonObject();
    }

    private String verdictOf(String text) {
        return only(text).get("verdict").getAsString();
    }

    @Test
    void reluPrimeIsNotStepAtZeroInAFiniteDomain() {
        assertEquals("refuted", verdictOf("input x in {-1, 0, 1}\nclaim: diff(relu(x), x) == step(x)\n"));
    }

    @Test
    void reluPrimeIsNotStepAtZeroInAnInterval() {
        JsonObject c = only("input z in [-2, 2]\nclaim: diff(relu(z), z) == step(z)\n");
        assertEquals("refuted", c.get("verdict").getAsString());
        assertEquals("z = 0\nlhs = 0, rhs = 1", c.get("detail").getAsString());
    }

    @Test
    void aKinkInsideANetworkIsReached() {
        // relu(alpha - gamma) has its kink where the weights, inputs and bias vanish
        assertEquals("refuted", verdictOf("dim d, q\ninput x[d]\nparam v[d, q], gamma[q]\n"
                + "alpha[h] = sum(i, v[i, h] * x[i])\nb[h] = relu(alpha[h] - gamma[h])\nE = sum(h, b[h])\n"
                + "claim: diff(E, gamma[h]) == -step(alpha[h] - gamma[h])\n"));
    }

    @Test
    void theConventionItselfHoldsAtTheKink() {
        assertEquals("tested", verdictOf("input z in [-2, 2]\nclaim: diff(relu(z), z) == 1 - step(-z)\n"));
        assertEquals("proved", verdictOf("input z in [-2, 2]\nclaim: diff(abs(z), z) == sign(z)\n"));
    }

    @Test
    void anIntervalWithoutTheKinkCannotRefuteThere() {
        assertEquals("tested", verdictOf("input z in (0, 2]\nclaim: diff(relu(z), z) == step(z)\n"));
    }

    @Test
    void aThresholdShiftedByOnePartInAMillionIsRefutedOnTheSliverBetweenTheKinks() {
        JsonObject c = only("input p in (0, 1)\nclaim: sign(p - 1/2) == sign(p - 0.500001)\n");
        assertEquals("refuted", c.get("verdict").getAsString(), c::toString);
        double p = c.getAsJsonObject("counterexample").getAsJsonObject("values").getAsJsonObject("p")
                .getAsJsonArray("values").get(0).getAsDouble();
        assertEquals(0.5000005, p, 5e-7, "between the two kinks");
        assertEquals("refuted", verdictOf("dim n\ninput x[n]\nclaim: sum(i, step(x[i] - 0.3)) == sum(i, step(x[i] - 0.3000001))\n"));
    }

    @Test
    void claimsThatHoldBesideTheirKinksStayTested() {
        assertEquals("tested", verdictOf("input p in (0, 1)\nclaim: abs(p - 1/2) == sign(p - 1/2) * (p - 1/2)\n"));
        assertEquals("tested", verdictOf("input a, b\nclaim: relu(a - b) + relu(b - a) == abs(b - a)\n"));
    }
}
