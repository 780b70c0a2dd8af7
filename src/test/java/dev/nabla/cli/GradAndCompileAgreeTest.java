package dev.nabla.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code nabla grad} prints the adjoint program the generated trainer runs, line for line. */
class GradAndCompileAgreeTest {
    private static final String SOFTMAX = String.join("\n",
            "dim d, k",
            "input x[d]",
            "target t[k] in {0, 1}",
            "param W[d, k]",
            "z[c] = sum(i, W[i, c] * x[i])",
            "p[c] = exp(z[c]) / sum(c2, exp(z[c2]))",
            "E = -sum(c, t[c] * log(p[c]))",
            "train minimize E over W", "");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"derivations/ch5-bp.nabla", "derivations/ch5-regularized.nabla", "softmax"})
    void everyAdjointGradPrintsIsAStatementOfTheTrainer(String name) throws IOException {
        Path file = name.equals("softmax") ? Files.writeString(dir.resolve("softmax.nabla"), SOFTMAX) : Path.of(name);
        Cli.Run grad = Cli.run("grad", file.toString(), "--of", "E");
        assertEquals(0, grad.code(), grad::toString);
        Cli.Run compile = Cli.run("compile", file.toString(), "-o", dir.toString(), "--class", "T");
        assertEquals(0, compile.code(), compile::toString);
        String source = Files.readString(dir.resolve("T.java"));
        List<String> adjoints = grad.outLines().stream().filter(l -> !l.startsWith("#")).toList();
        assertTrue(adjoints.size() >= 2, grad::toString);
        for (String line : adjoints) {
            assertTrue(source.contains("): " + line + "\n"), () -> "the trainer has no statement " + line + "\n" + source);
        }
    }

    /** The log of the softmax is a log-softmax before reverse mode: p * sum(t) - t, never -t / p. */
    @Test
    void softmaxWithCrossEntropyDifferentiatesToPMinusT() throws IOException {
        Path file = Files.writeString(dir.resolve("softmax.nabla"), SOFTMAX);
        Cli.Run grad = Cli.run("grad", file.toString(), "--of", "E");
        assertEquals(List.of("# adjoint program of E from " + file + ", derived by reverse mode",
                "dE_dz[c] = exp(z[c]) * sum(c2, t[c2]) / sum(c2, exp(z[c2])) - t[c]",
                "dE_dW[i, c] = dE_dz[c] * x[i]"), grad.outLines());
    }
}
