package dev.nabla.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Every derivation shipped in {@code derivations/} holds: a wrong formula committed there fails the build. */
class BundledDerivationsTest {
    private static final Path DERIVATIONS = Path.of("derivations");

    /** One test per file, found at test time so that new files are checked without touching this class. */
    @TestFactory
    Stream<DynamicTest> everyBundledDerivationHolds() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(DERIVATIONS)) {
            files = walk.filter(f -> f.toString().endsWith(".nabla") && Files.isRegularFile(f)).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no .nabla files under " + DERIVATIONS.toAbsolutePath());
        return files.stream().map(f -> DynamicTest.dynamicTest(f.toString(), () -> {
            Cli.Run run = Cli.run("check", "--json", f.toString());
            assertEquals("", run.err(), run::toString);
            for (JsonElement e : run.json()) {
                JsonObject check = e.getAsJsonObject();
                String verdict = check.get("verdict").getAsString();
                assertNotEquals("refuted", verdict, () -> "refuted: " + check);
                assertNotEquals("error", verdict, () -> "error: " + check);
            }
            assertEquals(0, run.code(), run::toString);
        }));
    }

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
