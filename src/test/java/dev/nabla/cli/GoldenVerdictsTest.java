package dev.nabla.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The verdict of every claim, refute, derive chain, derive step and example in {@code derivations/}
 * is pinned in {@code src/test/resources/golden/verdicts.txt}: a verdict that gets weaker (proved
 * to tested, say) fails the build, and so does one that gets stronger, so that the golden file
 * keeps recording what nabla proves. After an improvement (or a new or edited derivation),
 * regenerate the file with
 * {@code mvn -B -q test -Dtest=GoldenVerdictsTest -Dgolden.update=true} and commit it.
 */
class GoldenVerdictsTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden/verdicts.txt");
    static final String UPDATE = "mvn -B -q test -Dtest=GoldenVerdictsTest -Dgolden.update=true";
    /** Weakest first: a move to the left is a regression. */
    private static final List<String> STRENGTH = List.of("error", "refuted", "inconclusive", "tested", "proved");

    @Test
    void everyBundledVerdictIsTheGoldenOne() throws IOException {
        Map<String, String> now = verdicts();
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, render(now), StandardCharsets.UTF_8);
            System.out.println("golden verdicts: wrote " + now.size() + " entries to " + GOLDEN);
            return;
        }
        Map<String, String> golden = parse(Files.readString(GOLDEN, StandardCharsets.UTF_8));
        List<String> regressions = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        for (Map.Entry<String, String> e : golden.entrySet()) {
            String verdict = now.get(e.getKey());
            if (verdict == null) {
                changes.add("gone: " + e.getKey() + " (was " + e.getValue() + ")");
            } else if (STRENGTH.indexOf(verdict) < STRENGTH.indexOf(e.getValue())) {
                regressions.add("weaker: " + e.getKey() + " " + e.getValue() + " -> " + verdict);
            } else if (!verdict.equals(e.getValue())) {
                changes.add("stronger: " + e.getKey() + " " + e.getValue() + " -> " + verdict);
            }
        }
        now.forEach((key, verdict) -> {
            if (!golden.containsKey(key)) {
                changes.add("new: " + key + " " + verdict);
            }
        });
        if (!regressions.isEmpty() || !changes.isEmpty()) {
            fail((regressions.isEmpty() ? "" : regressions.size() + " verdicts got weaker, a regression to fix:\n  "
                    + String.join("\n  ", regressions) + "\n")
                    + (changes.isEmpty() ? "" : changes.size() + " verdicts improved, appeared or moved; if that is"
                    + " intended, update the golden file with\n  " + UPDATE + "\nand commit " + GOLDEN + ":\n  "
                    + String.join("\n  ", changes)));
        }
    }

    /** The format reads back: every line is {@code file:line kind "label" verdict}. */
    @Test
    void theGoldenFileParsesBackToWhatWasRendered() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("derivations/a.nabla:3 claim \"say \\\"hi\\\" twice\"", "proved");
        v.put("derivations/a.nabla:4 refute -", "proved");
        v.put("derivations/a.nabla:9 step \"step 1\"", "tested");
        assertEquals(v, parse(render(v)));
        assertTrue(render(v).startsWith("# "), "the file explains itself");
    }

    /** The verdicts nabla gives now, keyed by {@code file:line kind "label"}, in report order. */
    static Map<String, String> verdicts() {
        Cli.Run run = Cli.run("check", "--json", "derivations");
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonElement e : run.json()) {
            add(e.getAsJsonObject(), out);
        }
        return out;
    }

    private static void add(JsonObject o, Map<String, String> out) {
        String label = o.get("label").isJsonNull() ? "-"
                : "\"" + o.get("label").getAsString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        String key = o.get("file").getAsString().replace('\\', '/') + ":" + o.get("line").getAsInt() + " "
                + o.get("kind").getAsString() + " " + label;
        if (out.put(key, o.get("verdict").getAsString()) != null) {
            throw new AssertionError("two statements with the same key: " + key);
        }
        if (o.has("steps")) {
            for (JsonElement s : o.getAsJsonArray("steps")) {
                add(s.getAsJsonObject(), out);
            }
        }
    }

    static String render(Map<String, String> verdicts) {
        StringBuilder b = new StringBuilder("# The verdict of every statement in derivations/ (nabla check, default settings).\n"
                + "# Generated: " + UPDATE + "\n");
        verdicts.forEach((key, verdict) -> b.append(key).append(' ').append(verdict).append('\n'));
        return b.toString();
    }

    static Map<String, String> parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            out.put(line.substring(0, space), line.substring(space + 1));
        }
        return out;
    }
}
