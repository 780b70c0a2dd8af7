package dev.nabla.verify;

import com.google.gson.JsonObject;
import dev.nabla.cli.Cli;
import dev.nabla.cli.Programs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A literal position that occurs only inside a {@code diff} reaches the sizes drawn through the
 * adjoint definitions the diff adds: every dim is drawn at least that large (it once was an
 * internal error, a position out of range).
 */
class LiteralPositionInDiffTest {
    @TempDir
    Path dir;

    private JsonObject only(String program) {
        Cli.Run run = Cli.run("check", "--json", Cli.write(dir.resolve("p.nabla"), program).toString());
        assertEquals("", run.err(), run::toString);
        assertEquals(1, run.code(), run::toString);
        return run.json().get(run.json().size() - 1).getAsJsonObject();
    }

    @Test
    void aFalseClaimWithAPositionOnlyInsideADiffIsRefutedAtASizeThatHasIt() {
        JsonObject claim = only("dim l\ninput y[l]\nz[p] = 2 * y[p]\nclaim: diff(z[p] * z[2], z[1]) == y[p]\n");
        assertEquals(4, claim.get("line").getAsInt());
        assertEquals("refuted", claim.get("verdict").getAsString());
        assertTrue(claim.get("detail").getAsString().startsWith("dim l = 2\n"), claim::toString);
    }

    @Test
    void onTheBackPropagationNetworkTheOutputsPositionsBoundItsSize() {
        JsonObject claim = only(Programs.BP_NETWORK + "claim: diff(yhat[1] * yhat[2], yhat[1]) == yhat[1]\n");
        assertEquals(Programs.lines(Programs.BP_NETWORK) + 1, claim.get("line").getAsInt());
        assertEquals("refuted", claim.get("verdict").getAsString());
        assertTrue(claim.get("detail").getAsString().startsWith("dim d = 1, l = 2, q = 1\n"), claim::toString);
    }
}
