package dev.nabla.verify;

import dev.nabla.cli.Cli;
import dev.nabla.cli.Programs;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A printed counterexample is an example block's body: pasted back into the file with the claim
 * as its expect, it parses, resolves and reproduces the very disagreement that was reported.
 */
class CounterexampleRoundTripTest {
    private static final Pattern SIDES = Pattern.compile("^(?:at .*: )?lhs = (\\S+), rhs = (\\S+)$");
    private static final String SIGNED = "dim d, n\n"
            + "input x[d] in [-3, 3]\n"
            + "param A[d, n] in (-2, -1)\n"
            + "const lambda in (0, 1)\n"
            + "const eta = 0.25\n"
            + "u[k] = sum(i, A[i, k] * x[i]) * lambda + eta\n";

    @TempDir
    Path dir;

    static Stream<Arguments> refutations() {
        return Stream.of(
                Arguments.of("lost sign", Programs.BP_NETWORK, "diff(E, beta[j])", "g[j]"),
                Arguments.of("missing factor 2", Programs.BP_NETWORK, "diff(E, yhat[j])", "2 * (yhat[j] - y[j])"),
                Arguments.of("sigma' at the wrong point", Programs.BP_NETWORK, "-diff(E, beta[j])",
                        "sigmoid'(beta[j]) * (y[j] - yhat[j])"),
                Arguments.of("off by 1e-7", Programs.BP_NETWORK, "-diff(E, beta[j])", "g[j] * (1 + 1e-7)"),
                Arguments.of("wrong hidden formula", Programs.BP_NETWORK, "-diff(E, v[i, h])", "e[h] * x[i] * x[i]"),
                Arguments.of("negative values, scalars and a fixed const", SIGNED, "diff(sum(k, u[k]^2), x[i])",
                        "2 * sum(k, u[k] * A[i, k])"),
                Arguments.of("sizes above one", SIGNED, "sum(k, u[k])^2", "sum(k, u[k]^2)"),
                Arguments.of("a diff whose value does not read its variable",
                        "dim d\ninput x[d]\nparam M[d, d]\nf[i] = sum(j, M[i, j] * x[j])\n",
                        "diff(f[i], x[j])", "M[j, i]"),
                // an open interval too narrow for any simpler value: the raw double must print exactly
                Arguments.of("values that do not shrink", "input z in (0.51, 0.52)\n", "exp(z)",
                        "1 + z + z^2 / 2 + z^3 / 6"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refutations")
    void theReportedCounterexampleReproducesTheDisagreement(String label, String program, String lhs, String rhs) {
        String claim = "claim \"" + label + "\": " + lhs + " == " + rhs + "\n";
        Path original = Cli.write(dir.resolve("claim.nabla"), program + claim);
        Cli.Run refuted = Cli.run("check", original.toString());
        assertEquals(1, refuted.code(), refuted::toString);

        List<String> body = new ArrayList<>();
        Matcher reported = null;
        for (String line : refuted.block(label).lines().skip(1).toList()) {
            String text = line.substring(4);
            Matcher m = SIDES.matcher(text);
            if (m.matches()) {
                reported = m;
                break; // the counterexample ends with the sides; an explanation may follow
            } else {
                body.add(text);
            }
        }
        assertTrue(reported != null, refuted::toString);
        String sides = "lhs = " + reported.group(1) + ", rhs = " + reported.group(2);
        assertTrue(!body.isEmpty(), refuted::toString);

        StringBuilder example = new StringBuilder("example \"counterexample\" {\n");
        body.forEach(line -> example.append("  ").append(line).append('\n'));
        example.append("  expect ").append(lhs).append(" == ").append(rhs).append("\n}\n");
        Path replay = Cli.write(dir.resolve("replay.nabla"), program + claim + example);
        Cli.Run run = Cli.run("check", replay.toString());

        assertEquals("", run.err(), () -> "the counterexample does not read back:\n" + example + run);
        assertEquals(1, run.code(), run::toString);
        String block = run.block("counterexample");
        assertTrue(block.contains(": refuted example \"counterexample\": an expect fails"), block);
        // the example reproduces the printed values exactly, not just some disagreement
        assertTrue(block.contains(sides), () -> "reported " + sides + ", replayed:\n" + block);
    }
}
