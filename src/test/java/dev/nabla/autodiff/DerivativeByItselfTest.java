package dev.nabla.autodiff;

import dev.nabla.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The derivative of a defined node with respect to itself is 1, or a delta between its
 * indices: reverse mode once took it as 0 and refuted these true claims.
 */
class DerivativeByItselfTest {
    @TempDir
    Path dir;

    /** The verdict of every claim of a file, by label, in file order. */
    private Map<String, String> verdicts(String program) {
        Cli.Run run = Cli.run("check", "--json", Cli.write(dir.resolve("self.nabla"), program).toString());
        assertEquals("", run.err(), run::toString);
        Map<String, String> out = new LinkedHashMap<>();
        run.json().forEach(e -> out.put(e.getAsJsonObject().get("label").getAsString(),
                e.getAsJsonObject().get("verdict").getAsString()));
        return out;
    }

    @Test
    void aScalarNodeByItselfIsOne() {
        assertEquals(Map.of("y by y", "proved", "u by u", "proved", "x by x", "proved",
                        "the second derivative through y", "proved", "y by y is not 2", "refuted"),
                verdicts("""
                        input x
                        y = 2 * x
                        u = y^2
                        claim "y by y": diff(y, y) == 1
                        claim "u by u": diff(u, u) == 1
                        claim "x by x": diff(x, x) == 1
                        claim "the second derivative through y": diff(diff(u, y), y) == 2
                        claim "y by y is not 2": diff(y, y) == 2
                        """));
    }

    @Test
    void anIndexedNodeByItselfIsADelta() {
        Map<String, String> v = verdicts("""
                dim n
                input x[n]
                param W[n, n]
                z[j] = 2 * x[j]
                m[i, j] = W[i, j] * x[j]
                claim "z by z": diff(z[j], z[k]) == delta(j, k)
                claim "the diagonal": diff(z[j], z[j]) == delta(j, j)
                claim "a literal row": diff(z[1], z[k]) == delta(1, k)
                claim "literal positions": diff(z[p] * z[2], z[1]) == delta(p, 1) * z[2] + z[p] * delta(2, 1)
                claim "a leaf by itself": diff(x[j], x[k]) == delta(j, k)
                claim "m by m": diff(m[i, j], m[k, l]) == delta(i, k) * delta(j, l)
                claim "m by m along a row": diff(m[i, j], m[i, l]) == delta(i, i) * delta(j, l)
                claim "a sum by z": diff(sum(j, z[j]), z[k]) == delta(k, k)
                claim "z by z is not 1": diff(z[j], z[k]) == delta(j, j) * delta(k, k)
                """);
        assertEquals(List.of("z by z", "the diagonal", "a literal row", "literal positions", "a leaf by itself",
                "m by m", "m by m along a row", "a sum by z", "z by z is not 1"), List.copyOf(v.keySet()));
        v.forEach((label, verdict) -> assertEquals(label.endsWith("is not 1") ? "refuted" : "proved", verdict, label));
    }

    @Test
    void theAdjointOfTheFunctionItselfIsPrintedWhenAskedFor() {
        Path source = Cli.write(dir.resolve("z.nabla"), "dim n\ninput x[n]\nz[j] = 2 * x[j]\nE = sum(j, z[j])\n");
        Cli.Run vector = Cli.run("grad", source.toString(), "--of", "z", "--wrt", "z");
        assertEquals(List.of("dz_dz[j in n, j2 in n] = delta(j, j2)"),
                vector.outLines().subList(1, vector.outLines().size()), vector::toString);
        Cli.Run scalar = Cli.run("grad", source.toString(), "--of", "E", "--wrt", "E");
        assertEquals(List.of("dE_dE = 1"), scalar.outLines().subList(1, scalar.outLines().size()), scalar::toString);
    }
}
