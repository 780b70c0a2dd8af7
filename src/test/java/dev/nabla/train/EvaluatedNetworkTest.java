package dev.nabla.train;

import dev.nabla.diag.Diagnostics;
import dev.nabla.runtime.Network;
import dev.nabla.train.data.Rng;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The evaluator-backed network against an independent oracle: central differences of its own loss. */
class EvaluatedNetworkTest {
    private static Network network(String file, Map<String, Integer> sizes) {
        Diagnostics diags = new Diagnostics();
        FormulaFile f = FormulaFile.load(Path.of(file), null, diags);
        assertNotNull(f, diags::render);
        return Networks.evaluated(f, Mode.STANDARD, null).create(sizes);
    }

    private static void randomise(Network n, Rng rng) {
        for (String leaf : List.of("x", "y")) {
            double[] v = n.values(leaf);
            for (int i = 0; i < v.length; i++) {
                v[i] = leaf.equals("y") ? rng.nextInt(2) : 2 * rng.nextDouble() - 1;
            }
        }
        for (String p : n.parameters()) {
            double[] v = n.values(p);
            for (int i = 0; i < v.length; i++) {
                v[i] = 2 * rng.nextDouble() - 1;
            }
        }
    }

    private static void gradientIsCentralDifferences(Network n) {
        double loss = n.backward();
        assertEquals(loss, n.loss());
        for (String p : n.parameters()) {
            double[] v = n.values(p);
            double[] g = n.gradient(p).clone();
            for (int i = 0; i < v.length; i++) {
                double keep = v[i];
                double h = 1e-5;
                v[i] = keep + h;
                double up = n.loss();
                v[i] = keep - h;
                double down = n.loss();
                v[i] = keep;
                double numeric = (up - down) / (2 * h);
                assertEquals(numeric, g[i], 1e-7 * Math.max(1, Math.abs(numeric)), p + "[" + i + "]");
            }
        }
    }

    @Test
    void theSigmoidNetworksGradient() {
        Rng rng = Rng.seeded(3);
        for (int trial = 0; trial < 5; trial++) {
            Network n = network("derivations/ch5-bp.nabla", Map.of("d", 1 + rng.nextInt(4), "q", 1 + rng.nextInt(4),
                    "l", 1 + rng.nextInt(3)));
            randomise(n, rng);
            gradientIsCentralDifferences(n);
        }
    }

    @Test
    void theSoftmaxNetworksGradient() {
        Rng rng = Rng.seeded(4);
        for (int trial = 0; trial < 5; trial++) {
            Network n = network("derivations/ch5-softmax.nabla", Map.of("d", 1 + rng.nextInt(4),
                    "q", 1 + rng.nextInt(4), "l", 2 + rng.nextInt(3)));
            randomise(n, rng);
            gradientIsCentralDifferences(n);
        }
    }

    @Test
    void shapesLiveStorageAndAStep() {
        Network n = network("derivations/ch5-bp.nabla", Map.of("d", 3, "q", 2, "l", 1));
        assertEquals(List.of("d", "q", "l"), n.dims());
        assertEquals(List.of("v", "gamma", "w", "theta"), n.parameters());
        assertEquals(List.of("x", "y"), n.data());
        assertArrayEquals(new int[] {3, 2}, n.shape("v"));
        assertSame(n.values("v"), n.values("v"));
        randomise(n, Rng.seeded(5));
        n.backward();
        double[] before = n.values("w").clone();
        double[] g = n.gradient("w").clone();
        n.step(0.5);
        for (int i = 0; i < before.length; i++) {
            assertEquals(before[i] - 0.5 * g[i], n.values("w")[i]);
        }
        double loss = n.loss();
        assertTrue(n.outputs().containsAll(List.of("alpha", "b", "beta", "yhat", "E")), n.outputs()::toString);
        double[] yhat = n.output("yhat");
        assertEquals(1, yhat.length);
        assertEquals(0.5 * Math.pow(yhat[0] - n.values("y")[0], 2), loss, 1e-15);
    }
}
