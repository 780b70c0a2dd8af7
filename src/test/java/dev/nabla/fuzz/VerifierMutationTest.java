package dev.nabla.fuzz;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.nabla.cli.Cli;
import dev.nabla.diag.Diagnostics;
import dev.nabla.syntax.Ast;
import dev.nabla.syntax.AstPrinter;
import dev.nabla.syntax.Parser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Mutation testing of the verifier: for every claim in {@code derivations/}, each mutant of its
 * right-hand side ({@link Mutants#of}) is appended to the file as {@code refute LABEL: lhs ==
 * mutant}, and nabla must prove that refute (find a counterexample). A mutant it cannot refute
 * must be a genuinely equivalent one: {@code claim: rhs == mutant} proved, by the canonical form.
 * Any other mutant survives and fails the test. Ill-formed mutants (indices of different ranges
 * swapped) are not counted. Prints the kill rate.
 */
class VerifierMutationTest {
    private static final Path DERIVATIONS = Path.of("derivations");

    @TempDir
    Path dir;

    private record Candidate(String file, int line, String label, String operator, String lhs, String rhs,
                             String mutant) {
        String where() {
            return file + ":" + line + " claim \"" + label + "\": " + operator + ": " + rhs + "  ->  " + mutant;
        }
    }

    @Test
    void everyNonEquivalentMutantOfEveryBundledClaimIsRefuted() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(DERIVATIONS)) {
            files = walk.filter(f -> f.toString().endsWith(".nabla")).sorted().toList();
        }
        int mutants = 0;
        int killed = 0;
        int equivalent = 0;
        int illFormed = 0;
        List<String> survivors = new ArrayList<>();
        for (Path f : files) {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            List<Candidate> candidates = candidates(f);
            Map<String, JsonObject> refutes = check(f, text, candidates, "mutant", (c) -> c.lhs() + " == " + c.mutant(),
                    "refute");
            List<Candidate> alive = new ArrayList<>();
            for (int k = 0; k < candidates.size(); k++) {
                JsonObject o = refutes.get("mutant " + k);
                String verdict = o.get("verdict").getAsString();
                if (verdict.equals("error") && isDiagnostic(o)) {
                    illFormed++;
                    continue;
                }
                mutants++;
                if (verdict.equals("proved")) {
                    killed++;
                } else {
                    alive.add(candidates.get(k));
                }
            }
            Map<String, JsonObject> same = check(f, text, alive, "equivalent", (c) -> c.rhs() + " == " + c.mutant(),
                    "claim");
            for (int k = 0; k < alive.size(); k++) {
                JsonObject o = same.get("equivalent " + k);
                if (o.get("verdict").getAsString().equals("proved")) {
                    equivalent++;
                } else {
                    survivors.add(alive.get(k).where() + "\n      refute: " + refutes.get("mutant "
                            + candidates.indexOf(alive.get(k))).get("verdict").getAsString() + ", rhs == mutant: "
                            + o.get("verdict").getAsString());
                }
            }
        }
        int nonEquivalent = mutants - equivalent;
        System.out.printf("mutation kill rate: %d/%d non-equivalent mutants refuted (%d equivalent, %d ill-formed"
                + " not counted)%n", killed, nonEquivalent, equivalent, illFormed);
        assertTrue(mutants > 0, "no mutants generated");
        if (!survivors.isEmpty()) {
            fail(survivors.size() + " mutants survived, neither refuted nor proved equal to the original:\n  "
                    + String.join("\n  ", survivors));
        }
        assertEquals(nonEquivalent, killed);
    }

    /** Every mutant of the right-hand side of every claim (not refute) in the file, without duplicates. */
    private static List<Candidate> candidates(Path f) {
        Diagnostics diags = new Diagnostics();
        Ast.NablaFile file = Parser.parse(f, diags);
        assertTrue(!diags.hasErrors(), () -> diags.render());
        List<Candidate> out = new ArrayList<>();
        for (Ast.Statement s : file.statements()) {
            if (!(s instanceof Ast.Claim c) || c.refute()) {
                continue;
            }
            String rhs = AstPrinter.print(c.rhs());
            Set<String> seen = new LinkedHashSet<>(List.of(rhs));
            for (Mutants.Mutant m : Mutants.of(c.rhs())) {
                String printed = AstPrinter.print(m.expr());
                if (seen.add(printed)) {
                    out.add(new Candidate(f.toString(), c.span().line(), c.label() == null ? "" : c.label().text(),
                            m.operator(), AstPrinter.print(c.lhs()), rhs, printed));
                }
            }
        }
        return out;
    }

    /** Checks the file with one statement per candidate appended, labelled {@code prefix k}. */
    private Map<String, JsonObject> check(Path f, String text, List<Candidate> candidates, String prefix,
                                          java.util.function.Function<Candidate, String> sides, String keyword) {
        Map<String, JsonObject> out = new LinkedHashMap<>();
        if (candidates.isEmpty()) {
            return out;
        }
        StringBuilder b = new StringBuilder(text).append('\n');
        for (int k = 0; k < candidates.size(); k++) {
            b.append(keyword).append(" \"").append(prefix).append(' ').append(k).append("\": ")
                    .append(sides.apply(candidates.get(k))).append('\n');
        }
        Path mutated = Cli.write(dir.resolve(f.getFileName()), b.toString());
        Cli.Run run = Cli.run("check", "--json", mutated.toString());
        for (JsonElement e : run.json()) {
            JsonObject o = e.getAsJsonObject();
            if (!o.get("label").isJsonNull() && o.get("label").getAsString().startsWith(prefix + " ")) {
                out.put(o.get("label").getAsString(), o);
            }
        }
        assertEquals(candidates.size(), out.size(), run::toString);
        return out;
    }

    /** An error of the statement's own text (a diagnostic), not one of evaluation. */
    private static boolean isDiagnostic(JsonObject o) {
        return o.has("detail") && o.get("detail").getAsString().matches("(?s)[^\\n]*:\\d+:\\d+: error: .*");
    }
}
