package dev.nabla.oracle;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The oracle's instances (sizes, domains, constants) and its evaluation of leaves, nodes and gradients. */
class OracleTest {
    private static final Oracle DOMAINS = Oracle.of("domains.nabla", """
            dim d, l
            input  x[d] in [0, 1]
            target y[l] in {0, 1}
            param  p[d] > 0
            param  r in (0.25, 0.75)
            param  s[l] in {3, 7}
            const  c = 0.9
            const  k[d, l]
            out[j] = sum(i, p[i] * x[i] * k[i, j]) + y[j] * r * c + s[j]
            """);
    private static final Oracle BP = BackpropOracleTest.ORACLE;

    @Provide
    Arbitrary<Instance> domains() {
        return DOMAINS.instances();
    }

    @Provide
    Arbitrary<Instance> small() {
        return DOMAINS.maxSize(2).instances();
    }

    @Property(tries = 200)
    void sizesAreFromOneToFiveAndEveryLeafHasTheirShape(@ForAll("domains") Instance s) {
        for (String dim : List.of("d", "l")) {
            assertTrue(s.size(dim) >= 1 && s.size(dim) <= Oracle.DEFAULT_MAX_SIZE, s.toString());
        }
        assertEquals(s.size("d"), s.value("x").length);
        assertEquals(s.size("l"), s.value("y").length);
        assertEquals(1, s.value("r").length);
        assertEquals(s.size("d") * s.size("l"), s.value("k").length);
        assertEquals(s.size("d"), s.matrix("k").length);
    }

    @Property(tries = 50)
    void maxSizeBoundsEveryDim(@ForAll("small") Instance s) {
        assertTrue(s.size("d") <= 2 && s.size("l") <= 2, s.toString());
    }

    @Property(tries = 200)
    void valuesLieInTheirDeclaredDomainsAndConstantsHaveTheirValue(@ForAll("domains") Instance s) {
        for (double x : s.value("x")) {
            assertTrue(x >= 0 && x <= 1, s.toString());
        }
        for (double y : s.value("y")) {
            assertTrue(y == 0 || y == 1, s.toString());
        }
        for (double p : s.value("p")) {
            assertTrue(p > 0 && p <= 4, s.toString());
        }
        assertTrue(s.scalar("r") > 0.25 && s.scalar("r") < 0.75, s.toString());
        for (double v : s.value("s")) {
            assertTrue(v == 3 || v == 7, s.toString());
        }
        assertEquals(0.9, s.scalar("c"));
        for (double k : s.value("k")) {
            assertTrue(k >= -2 && k <= 2, s.toString());
        }
    }

    @Test
    void drawsReachBothEndsOfEverySizeRangeAndBothElementsOfASet() {
        List<Instance> drawn = DOMAINS.instances().sampleStream().limit(300).toList();
        assertTrue(drawn.stream().anyMatch(s -> s.size("d") == 1) && drawn.stream().anyMatch(s -> s.size("d") == 5));
        assertTrue(drawn.stream().anyMatch(s -> s.value("y")[0] == 0) && drawn.stream().anyMatch(s -> s.value("y")[0] == 1));
        // the verifier's draw, not only the simple values that shrinking goes to
        assertTrue(drawn.stream().anyMatch(s -> s.value("x")[0] != 0 && s.value("x")[0] != 1 && s.value("x")[0] != 0.5));
    }

    @Test
    void aLiteralPositionRaisesItsDimsLowerBound() {
        Oracle third = Oracle.of("third.nabla", "dim n\ninput x[n]\nthird = x[3]\n").maxSize(2);
        List<Instance> drawn = third.instances().sampleStream().limit(20).toList();
        assertTrue(drawn.stream().allMatch(s -> s.size("n") == 3), drawn.toString());
        assertThrows(IllegalArgumentException.class, () -> third.instance(Map.of("n", 2)));
    }

    @Test
    void evaluatesTheFilesOwnExample() {
        Instance s = BP.instance(Map.of("d", 2, "q", 2, "l", 1))
                .with("x", 1, 0).with("y", 1)
                .with("v", new double[][] {{0.5, -0.5}, {0.25, 1}}).with("w", new double[][] {{1}, {-1}});
        assertEquals(sigmoid(0.5), BP.value("b", s).get(0), 1e-15);
        assertEquals(sigmoid(sigmoid(0.5) - sigmoid(-0.5)), BP.value("yhat", s).vector()[0], 1e-15);
        assertArrayEquals(new double[] {1, 0}, BP.value("x", s).vector());
        assertEquals(List.of("l"), BP.value("yhat", s).dims());
        assertEquals(0, BP.value("E", s).rank());
    }

    @Test
    void gradientsHaveTheShapeOfTheFunctionThenTheVariable() {
        Instance s = BP.instance(Map.of("d", 1, "q", 3, "l", 2)).with("x", 0.5).with("y", 1, 0)
                .with("w", new double[][] {{1, -1}, {0.5, 2}, {-2, 0}});
        double[] yhat = BP.value("yhat", s).vector();
        double[] b = BP.value("b", s).vector();
        // ∂E/∂yhat[j] = yhat[j] − y[j], a derivative with respect to a node
        assertArrayEquals(new double[] {yhat[0] - 1, yhat[1]}, BP.gradient("E", "yhat", s).vector(), 1e-15);
        // ∂yhat[j]/∂w[h, j'] = δ(j, j') yhat[j](1 − yhat[j]) b[h]: slots j, then h and j'
        TensorValue dyhat = BP.gradient("yhat", "w", s);
        assertEquals(List.of("l", "q", "l"), dyhat.dims());
        assertArrayEquals(new int[] {2, 3, 2}, dyhat.shape());
        assertEquals(yhat[1] * (1 - yhat[1]) * b[2], dyhat.get(1, 2, 1), 1e-15);
        assertEquals(0, dyhat.get(1, 2, 0));
        assertArrayEquals(new double[] {0, 0, 0}, BP.gradient("E", "e", s).vector(), "E does not depend on e");
    }

    @Test
    void aFileThatDoesNotLoadThrowsItsDiagnostics() {
        LoadException e = assertThrows(LoadException.class, () -> Oracle.of("bad.nabla", "dim d\nparam w[q]\n"));
        assertEquals("bad.nabla:2:9: error: undeclared dim 'q'\nparam w[q]\n        ^\n", e.getMessage());
        LoadException missing = assertThrows(LoadException.class, () -> Oracle.of(Path.of("no/such.nabla")));
        assertTrue(missing.getMessage().startsWith("no/such.nabla:1:1: error: cannot read no/such.nabla: no such file"),
                missing.getMessage());
    }

    @Test
    void namesAndValuesOutsideTheFileAreRejected() {
        Instance s = DOMAINS.instance(Map.of("d", 1, "l", 1));
        assertEquals("domains.nabla declares no leaf or definition named 'q'",
                assertThrows(IllegalArgumentException.class, () -> DOMAINS.value("q", s)).getMessage());
        assertEquals("2 (element 0 of x) is outside its declared domain",
                assertThrows(IllegalArgumentException.class, () -> s.with("x", 2)).getMessage());
        assertEquals("c is fixed to 0.9 by its declaration",
                assertThrows(IllegalArgumentException.class, () -> s.with("c", 1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> BP.value("E", s), "an instance of another file");
    }

    @Test
    void anInstancePrintsAsTheBodyOfAnExample() {
        Instance s = DOMAINS.instance(Map.of("d", 2, "l", 1)).with("x", 0.25, 1);
        assertEquals("""
                dim d = 2, l = 1
                x = [0.25, 1]
                y = [0]
                p = [1, 1]
                r = 0.5
                s = [3]
                # c = 0.9 (fixed by its declaration)
                k = [[0], [0]]
                """, s.toString());
    }

    private static double sigmoid(double u) {
        return 1 / (1 + Math.exp(-u));
    }
}
