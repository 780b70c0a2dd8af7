package dev.nabla.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The chapter 5 formulas are proved, not only tested. That every check in {@code derivations/}
 * holds is {@link dev.nabla.DerivationsTest}, run by nabla's own test engine.
 */
class BundledDerivationsTest {
    private static final Path DERIVATIONS = Path.of("derivations");

    @Test
    void theBackPropagationFormulasOfChapterFiveAreProved() {
        Cli.Run run = Cli.run("check", "--json", DERIVATIONS.resolve("ch5-bp.nabla").toString());
        assertEquals(0, run.code(), run::toString);
        for (String label : List.of("5.10", "5.11", "5.12", "5.13", "5.14", "5.15")) {
            JsonObject claim = run.labelled(label);
            assertEquals("claim", claim.get("kind").getAsString());
            assertEquals("proved", claim.get("verdict").getAsString(), label);
        }
        JsonObject chain = run.labelled("5.12 step by step");
        assertEquals("derive", chain.get("kind").getAsString());
        assertEquals("proved", chain.get("verdict").getAsString());
        assertEquals(4, chain.getAsJsonArray("steps").size());
        for (JsonElement step : chain.getAsJsonArray("steps")) {
            assertEquals("proved", step.getAsJsonObject().get("verdict").getAsString(), step::toString);
        }
    }
}
