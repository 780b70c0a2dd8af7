package dev.nabla.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.nabla.testkit.RandomProgram;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code nabla grad}: the adjoint program parses back, agrees with {@code diff}, and reads top to bottom. */
class GradCommandTest {
    private static final Path CH5 = Path.of("derivations", "ch5-bp.nabla");
    private static final Pattern DEFINITION = Pattern.compile("^(\\w+)(?:\\[([^\\]]*)])? = (.+)$");

    @TempDir
    Path dir;

    private static final String SOFTMAX = String.join("\n",
            "dim k, d",
            "input x[d]",
            "target y[k] in {0, 1}",
            "param W[d, k]",
            "z[c] = sum(i, W[i, c] * x[i])",
            "s = sum(c, exp(z[c]))",
            "p[c] = exp(z[c]) / s",
            "L = -sum(c, y[c] * log(p[c]))",
            "");

    private static final String SEVERAL_PARAMS = String.join("\n",
            "dim n",
            "input x[n]",
            "target t",
            "param a, b[n], c",
            "const lambda = 0.1",
            "const mu in (0, 1)",
            "z = sum(i, b[i] * x[i]) + a",
            "p = tanh(z) * c",
            "L = (p - t)^2 + lambda * (a^2 + sum(i, b[i]^2)) + mu * c^2 + softplus(z) * exp(-z)",
            "");

    /** A literal index makes the adjoint of yhat a delta: its index range is written on the left. */
    private static final String LITERAL_INDEX = String.join("\n",
            "dim d, l",
            "input x[d]",
            "param W[d, l]",
            "yhat[j] = sigmoid(sum(i, W[i, j] * x[i]))",
            "E = -log(yhat[1])",
            "");

    /** An adjoint that is the same for every element: constant along its index. */
    private static final String SUM = "dim n\nparam w[n]\nE = sum(i, w[i])\n";

    /** A diff inside a definition: the adjoint it stands for is part of the forward graph. */
    private static final String DIFF_INSIDE = "param w\na = cos(diff(w^3, w))\n";

    /** A scalar broadcast over a vector: its adjoint sums, the vector's is constant along its index. */
    private static final String BROADCAST = "dim o\ninput x\nparam w[o]\nL = sum(o2, x * w[o2])\n";

    /** A summed index that only a delta mentions once A is gone: the sum declares its range (fuzz finding N5). */
    private static final String SUM_OVER_A_DELTA = "dim d, q\nparam w[d]\ninput b[q]\nA[i, j] = b[i] + w[j]\n"
            + "E = sum(i, A[i, 1] * sigmoid(delta(1, i)))\n";

    /** A coefficient beyond the double range: printed in base 10^300, as no literal can hold it (fuzz finding). */
    private static final String TINY_COEFFICIENT = "input x\nparam w\nL = 1e-320/2 * (w * x)^2\n";

    private static final Path NEURON = Path.of("derivations", "ch5-neuron.nabla");

    static Stream<Arguments> programs() {
        return Stream.of(
                Arguments.of("ch5-bp", Cli.read(CH5), "E", List.of("v", "gamma", "w", "theta")),
                Arguments.of("a sum", SUM, "E", List.of("w")),
                Arguments.of("a diff inside a definition", DIFF_INSIDE, "a", List.of("w")),
                Arguments.of("a broadcast", BROADCAST, "L", List.of("w", "x")),
                Arguments.of("a sum over a delta", SUM_OVER_A_DELTA, "E", List.of("w")),
                Arguments.of("a coefficient beyond the double range", TINY_COEFFICIENT, "L", List.of("w")),
                // the file defines w5_next through diff(L, w5): its adjoints must not clash with the pasted ones
                Arguments.of("ch5-neuron", Cli.read(NEURON), "L", List.of("w1", "w2", "w3", "w4", "w5", "w6")),
                Arguments.of("ch5-neuron, a definition with a diff", Cli.read(NEURON), "w5_next", List.of("w5", "w1")),
                Arguments.of("softmax, with respect to an input and a node", SOFTMAX, "L", List.of("W", "x", "z")),
                Arguments.of("several params and a scalar const", SEVERAL_PARAMS, "L", List.of("a", "b", "c")),
                Arguments.of("a literal index", LITERAL_INDEX, "E", List.of("W", "yhat")));
    }

    private static String bracketed(List<String> indices) {
        return indices.isEmpty() ? "" : "[" + String.join(", ", indices) + "]";
    }

    /** One printed definition: its name, its index list (maybe empty) and its body. */
    private record Printed(String name, String indices, String body) {
    }

    private static List<Printed> definitions(Cli.Run run) {
        return definitions(run.outLines(), run);
    }

    private static List<Printed> definitions(List<String> lines, Cli.Run run) {
        List<Printed> out = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("#")) {
                continue;
            }
            Matcher m = DEFINITION.matcher(line);
            assertTrue(m.matches(), () -> "not a definition: " + line + "\n" + run);
            out.add(new Printed(m.group(1), m.group(2) == null ? "" : m.group(2), m.group(3)));
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void theAdjointProgramParsesBackAndAgreesWithDiff(String name, String program, String of, List<String> wrt) {
        assertReadsBackAndAgreesWithDiff(dir, program, of, 0, wrt, 100);
    }

    /**
     * Random programs whose definitions hold diffs, nested ones too: the adjoint program, with
     * the adjoints those diffs stand for, reads back after the program and agrees with diff.
     */
    @StatisticsReport(onFailureOnly = true)
    @Property(tries = 60, edgeCases = EdgeCasesMode.NONE)
    void adjointProgramsOfProgramsWithDiffsInsideReadBackAndAgreeWithDiff(@ForAll long seed) throws IOException {
        RandomProgram p = RandomProgram.generate(seed, 3, true);
        Path scratch = Files.createTempDirectory("grad-roundtrip");
        try {
            Path source = Cli.write(scratch.resolve("random.nabla"), p.source());
            Cli.Run alone = Cli.run("check", source.toString());
            assertEquals("", alone.err(), () -> "the random program does not read:\n" + p.source() + alone);
            // F, or a node with indices of its own: its adjoints lead with them
            int rank = (int) Math.floorMod(seed, 3L);
            String of = List.of("F", "t1", "t2").get(rank);
            List<String> wrt = new ArrayList<>(List.of("x", "w", "c", "t1", "t2").subList(0, 3 + rank));
            assertReadsBackAndAgreesWithDiff(scratch, p.source(), of, rank, wrt, 20);
            Statistics.collect(p.source().contains("diff(") ? "with diff" : "without diff");
        } finally {
            try (Stream<Path> files = Files.walk(scratch)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /**
     * grad of {@code of} (a definition with {@code rank} indices) prints a program that, after
     * the source, resolves and equals each {@code diff}.
     */
    private static void assertReadsBackAndAgreesWithDiff(Path dir, String program, String of, int rank,
                                                          List<String> wrt, int samples) {
        Path source = Cli.write(dir.resolve("program.nabla"), program);
        List<String> args = new ArrayList<>(List.of("grad", source.toString(), "--of", of, "--wrt"));
        args.addAll(wrt);
        Cli.Run grad = Cli.run(args);
        assertEquals(0, grad.code(), grad::toString);
        assertEquals("", grad.err());
        List<Printed> printed = definitions(grad);

        StringBuilder claims = new StringBuilder();
        Set<String> seen = new HashSet<>();
        // the program proper follows the adjoints of other passes; a name they took gets a number
        List<String> lines = grad.outLines();
        int own = 0;
        while (own < lines.size() && !lines.get(own).matches("# adjoints of " + of + "(\\[.*])?")) {
            own++;
        }
        List<Printed> adjoints = own == lines.size() ? printed : definitions(lines.subList(own, lines.size()), grad);
        for (String param : wrt) {
            Pattern name = Pattern.compile("d" + of + "_d" + param + "(_\\d+)?");
            Printed p = adjoints.stream().filter(d -> name.matcher(d.name()).matches()).findFirst().orElse(null);
            if (p == null) {
                assertTrue(grad.out().contains("# " + of + " does not depend on " + param + ": its adjoint is 0"),
                        () -> "no adjoint for " + param + " in\n" + grad);
                continue;
            }
            String adjoint = p.name();
            List<String> indices = p.indices().isEmpty() ? List.of()
                    : List.of(p.indices().replaceAll(" in \\w+", "").split(", "));
            claims.append("claim \"").append(adjoint).append("\": ").append(adjoint).append(bracketed(indices))
                    .append(" == diff(").append(of).append(bracketed(indices.subList(0, rank))).append(", ")
                    .append(param).append(bracketed(indices.subList(rank, indices.size()))).append(")\n");
            seen.add(adjoint);
        }
        Path combined = Cli.write(dir.resolve("combined.nabla"), program + "\n" + grad.out() + claims);
        Cli.Run check = Cli.run("check", "--json", "--samples", Integer.toString(samples), combined.toString());
        assertEquals("", check.err(), () -> "the adjoint program does not read back:\n" + grad.out() + check);
        for (String adjoint : seen) {
            assertAgrees(check.labelled(adjoint));
        }
        boolean inconclusive = false;
        for (JsonElement e : check.json()) {
            inconclusive |= assertAgrees(e.getAsJsonObject());
        }
        assertEquals(inconclusive ? 1 : 0, check.code(), check::toString);
    }

    /**
     * Proved or tested; or inconclusive only where values left even high precision's range (a
     * random program may overflow it), which is no answer rather than a wrong one. Returns
     * whether it was inconclusive.
     */
    private static boolean assertAgrees(JsonObject check) {
        String verdict = check.get("verdict").getAsString();
        boolean beyondRange = verdict.equals("inconclusive") && check.get("undecidable").getAsInt() > 0
                && check.get("detail").getAsString().contains("exceeds even the range of high precision");
        assertTrue(verdict.equals("proved") || verdict.equals("tested") || beyondRange, check::toString);
        return beyondRange;
    }

    /** A reader can follow the program top to bottom: each adjoint is defined before any line uses it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void everyAdjointIsDefinedBeforeItIsUsed(String name, String program, String of, List<String> wrt) {
        Path source = Cli.write(dir.resolve("program.nabla"), program);
        Cli.Run grad = Cli.run("grad", source.toString(), "--of", of);
        Pattern adjointUse = Pattern.compile("\\bd" + of + "_d\\w+");
        Set<String> defined = new HashSet<>();
        for (Printed p : definitions(grad)) {
            Matcher uses = adjointUse.matcher(p.body());
            while (uses.find()) {
                assertTrue(defined.contains(uses.group()), () -> p + " uses an adjoint not defined above it\n" + grad);
            }
            assertTrue(defined.add(p.name()), () -> p.name() + " defined twice\n" + grad);
        }
    }

    @Test
    void theBackPropagationAdjointsAreTheBooksFormulas() {
        Cli.Run run = Cli.run("grad", CH5.toString(), "--of", "E");
        assertEquals(0, run.code(), run::toString);
        List<String> lines = run.outLines();
        assertTrue(lines.get(0).startsWith("# adjoint program of E from "), run::toString);
        assertTrue(lines.contains("dE_dbeta[j] = dE_dyhat[j] * yhat[j] * (1 - yhat[j])"), run::toString);
        assertTrue(lines.contains("dE_dalpha[h] = b[h] * (1 - b[h]) * dE_db[h]"), run::toString);
        assertTrue(lines.contains("dE_dtheta[j] = -dE_dbeta[j]"), run::toString);
        assertEquals(List.of("dE_dyhat", "dE_dbeta", "dE_dtheta", "dE_dw", "dE_db", "dE_dalpha", "dE_dgamma", "dE_dv"),
                definitions(run).stream().map(Printed::name).toList());
    }

    /** The lines of grad's output after its header. */
    private List<String> adjointLines(String program, String of, String... wrt) {
        Path source = Cli.write(dir.resolve("p.nabla"), program);
        List<String> args = new ArrayList<>(List.of("grad", source.toString(), "--of", of));
        if (wrt.length > 0) {
            args.add("--wrt");
            args.addAll(List.of(wrt));
        }
        Cli.Run run = Cli.run(args);
        assertEquals(0, run.code(), run::toString);
        assertEquals("", run.err(), run::toString);
        return run.outLines().subList(1, run.outLines().size());
    }

    @Test
    void anAdjointConstantAlongAnIndexDeclaresItsRange() {
        assertEquals(List.of("dE_dw[i in n] = 1"), adjointLines(SUM, "E"));
        assertEquals(List.of("dL_dx = sum(o2, w[o2])", "dL_dw[o2 in o] = x"), adjointLines(BROADCAST, "L", "x", "w"));
        assertEquals(List.of("dE_dw[j in d] = delta(1, j) * sum(i in q, sigmoid(delta(1, i)))"),
                adjointLines(SUM_OVER_A_DELTA, "E", "w"));
        assertEquals(List.of("dL_dw = 1/(100000000000000000000 * 1e300) * w * x^2"), adjointLines(TINY_COEFFICIENT, "L", "w"));
    }

    @Test
    void theAdjointsADiffInsideADefinitionStandsForArePrintedFirst() {
        assertEquals(List.of("# used through diff: adjoints of w^3",
                "dF1_dw = 3 * w^2",
                "# adjoints of a",
                "da_ddF1_dw = -sin(dF1_dw)",
                "da_dw = 6 * da_ddF1_dw * w"), adjointLines(DIFF_INSIDE, "a"));
        assertEquals(List.of("# used through diff: adjoints of L",
                "dL_do1 = o1 - y",
                "dL_dw5 = dL_do1 * h1 * o1 * (1 - o1)",
                "# adjoints of w5_next",
                "dw5_next_ddL_dw5 = -alpha",
                "dw5_next_ddL_do1 = dw5_next_ddL_dw5 * h1 * o1 * (1 - o1)",
                "dw5_next_do1 = dw5_next_ddL_do1 + dw5_next_ddL_dw5 * (dL_do1 * h1 * (1 - o1) - dL_do1 * h1 * o1)",
                "dw5_next_dw5 = 1 + dw5_next_do1 * h1 * o1 * (1 - o1)"), adjointLines(Cli.read(NEURON), "w5_next", "w5"));
    }

    @Test
    void anAdjointNeverTakesANameTheFileUses() {
        // F1 is a node, so the function w^3 is F2; a dim already has the name dF2_dw
        String program = "dim dF2_dw\nparam w\nF1 = w\na = cos(diff(w^3, w)) * dF2_dw + F1\n";
        assertEquals(List.of("# used through diff: adjoints of w^3",
                "dF2_dw_2 = 3 * w^2",
                "# adjoints of a",
                "da_ddF2_dw_2 = -dF2_dw * sin(dF2_dw_2)",
                "da_dw = 1 + 6 * da_ddF2_dw_2 * w"), adjointLines(program, "a"));
    }

    @Test
    void wrtPrintsOnlyWhatThatAdjointNeeds() {
        Cli.Run run = Cli.run("grad", CH5.toString(), "--of", "E", "--wrt", "theta");
        assertEquals(0, run.code(), run::toString);
        assertEquals(List.of("dE_dyhat[j] = yhat[j] - y[j]",
                        "dE_dbeta[j] = dE_dyhat[j] * yhat[j] * (1 - yhat[j])",
                        "dE_dtheta[j] = -dE_dbeta[j]"),
                run.outLines().subList(1, run.outLines().size()), run::toString);
    }

    @Test
    void wrtALeafTheFunctionDoesNotReachSaysItsAdjointIsZero() {
        Path source = Cli.write(dir.resolve("p.nabla"), SEVERAL_PARAMS);
        Cli.Run run = Cli.run("grad", source.toString(), "--of", "z", "--wrt", "c");
        assertEquals(0, run.code(), run::toString);
        assertTrue(run.out().contains("# z does not depend on c: its adjoint is 0"), run::toString);
        assertFalse(run.out().contains("dz_dc ="), run::toString);
    }

    @Test
    void unknownNamesAreBadInput() {
        Cli.Run of = Cli.run("grad", CH5.toString(), "--of", "Q");
        assertEquals(2, of.code(), of::toString);
        assertEquals("nabla grad: " + CH5 + " has no definition named 'Q'\n", of.err());
        assertEquals("", of.out());

        Cli.Run leaf = Cli.run("grad", CH5.toString(), "--of", "theta");
        assertEquals(2, leaf.code(), leaf::toString);
        assertTrue(leaf.err().contains("has no definition named 'theta'"), leaf::toString);

        Cli.Run wrt = Cli.run("grad", CH5.toString(), "--of", "E", "--wrt", "zz");
        assertEquals(2, wrt.code(), wrt::toString);
        assertTrue(wrt.err().contains("declares no leaf or node named 'zz'"), wrt::toString);
        Cli.assertNoStackTrace(wrt);
    }

    @Test
    void aBrokenOrMissingFileIsBadInput() {
        Path broken = Cli.write(dir.resolve("broken.nabla"), "dim d\nparam w[d]\nE = sum(i, w[i] * )\n");
        Cli.Run run = Cli.run("grad", broken.toString(), "--of", "E");
        assertEquals(2, run.code(), run::toString);
        assertEquals(1, Cli.assertDiagnostics(run.err()).size(), run::toString);
        assertTrue(run.err().startsWith(broken + ":3:"), run::toString);

        Cli.Run missing = Cli.run("grad", dir.resolve("missing.nabla").toString(), "--of", "E");
        assertEquals(2, missing.code(), missing::toString);
        assertTrue(missing.err().contains("missing.nabla"), missing::toString);
        Cli.assertNoStackTrace(missing);
    }
}
