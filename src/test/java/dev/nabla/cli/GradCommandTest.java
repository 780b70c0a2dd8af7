package dev.nabla.cli;

import com.google.gson.JsonElement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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

    static Stream<Arguments> programs() {
        return Stream.of(
                Arguments.of("ch5-bp", Cli.read(CH5), "E", List.of("v", "gamma", "w", "theta")),
                Arguments.of("softmax, with respect to an input and a node", SOFTMAX, "L", List.of("W", "x", "z")),
                Arguments.of("several params and a scalar const", SEVERAL_PARAMS, "L", List.of("a", "b", "c")),
                Arguments.of("a literal index", LITERAL_INDEX, "E", List.of("W", "yhat")));
    }

    /** One printed definition: its name, its index list (maybe empty) and its body. */
    private record Printed(String name, String indices, String body) {
    }

    private static List<Printed> definitions(Cli.Run run) {
        List<Printed> out = new ArrayList<>();
        for (String line : run.outLines()) {
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
        Path source = Cli.write(dir.resolve("program.nabla"), program);
        List<String> args = new ArrayList<>(List.of("grad", source.toString(), "--of", of, "--wrt"));
        args.addAll(wrt);
        Cli.Run grad = Cli.run(args);
        assertEquals(0, grad.code(), grad::toString);
        assertEquals("", grad.err());
        List<Printed> printed = definitions(grad);

        StringBuilder claims = new StringBuilder();
        Set<String> seen = new HashSet<>();
        for (String param : wrt) {
            String adjoint = "d" + of + "_d" + param;
            Printed p = printed.stream().filter(d -> d.name().equals(adjoint)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + adjoint + " in\n" + grad));
            String at = p.indices().isEmpty() ? "" : "[" + p.indices().replaceAll(" in \\w+", "") + "]";
            claims.append("claim \"").append(adjoint).append("\": ").append(adjoint).append(at)
                    .append(" == diff(").append(of).append(", ").append(param).append(at).append(")\n");
            seen.add(adjoint);
        }
        Path combined = Cli.write(dir.resolve("combined.nabla"), program + "\n" + grad.out() + claims);
        Cli.Run check = Cli.run("check", "--json", combined.toString());
        assertEquals("", check.err(), () -> "the adjoint program does not read back:\n" + grad.out() + check);
        assertEquals(0, check.code(), check::toString);
        for (String adjoint : seen) {
            String verdict = check.labelled(adjoint).get("verdict").getAsString();
            assertTrue(verdict.equals("proved") || verdict.equals("tested"), () -> adjoint + ": " + verdict);
        }
        for (JsonElement e : check.json()) {
            String verdict = e.getAsJsonObject().get("verdict").getAsString();
            assertTrue(verdict.equals("proved") || verdict.equals("tested"), e::toString);
        }
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
