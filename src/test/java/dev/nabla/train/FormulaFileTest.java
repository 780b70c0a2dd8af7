package dev.nabla.train;

import dev.nabla.cli.Cli;
import dev.nabla.diag.Diagnostics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Which leaves get the data, which node is the prediction, and which dims the data bind. */
class FormulaFileTest {
    private static FormulaFile load(String path, String output) {
        Diagnostics diags = new Diagnostics();
        FormulaFile f = FormulaFile.load(Path.of(path), output, diags);
        assertNotNull(f, diags::render);
        return f;
    }

    private static String errors(Path path, String output) {
        Diagnostics diags = new Diagnostics();
        assertNull(FormulaFile.load(path, output, diags));
        return diags.render();
    }

    @Test
    void aPerSampleNetwork() {
        FormulaFile f = load("derivations/ch5-bp.nabla", null);
        assertEquals(new FormulaFile.Layout("x", "y", "yhat", null, "d", "l"), f.layout());
        assertEquals("E", f.objective());
        assertEquals(java.util.List.of("v", "gamma", "w", "theta"), f.parameters());
        Diagnostics diags = new Diagnostics();
        assertEquals(Map.of("d", 19, "q", 10, "l", 1), f.sizes(19, 1, Map.of("q", 10), diags));
    }

    @Test
    void theSoftmaxIsThePredictionOfACrossEntropy() {
        FormulaFile f = load("derivations/ch5-softmax.nabla", null);
        assertEquals("p", f.layout().output());
        Diagnostics diags = new Diagnostics();
        assertEquals(Map.of("d", 64, "q", 10, "l", 10), f.sizes(64, 10, Map.of(), diags), "q from the file's default");
        assertEquals(Map.of("d", 64, "q", 32, "l", 10), f.sizes(64, 10, Map.of("q", 32), diags), "--dim wins");
    }

    @Test
    void aWholeDataSetObjectiveHasASampleDim() {
        FormulaFile f = load("derivations/ch5-regularized.nabla", null);
        assertEquals(new FormulaFile.Layout("X", "Y", "yhat", "m", "d", null), f.layout());
        Diagnostics diags = new Diagnostics();
        assertEquals(Map.of("d", 2), f.sizes(2, 1, Map.of(), diags));
        assertEquals(Map.of("lambda", 0.9), f.consts(Map.of("lambda", 0.9), diags));
    }

    @Test
    void anotherNodeCanBeNamedThePrediction() {
        assertEquals("beta", load("derivations/ch5-bp.nabla", "beta").layout().output());
    }

    @Test
    void aPredictionOfAnotherShapeIsAnError() {
        assertEquals("derivations/ch5-bp.nabla:8:1: error: --output b: the prediction must have the shape of the target"
                + " y [l], but b has [q]\n"
                + "b[h]     = sigmoid(alpha[h] - gamma[h])      # hidden output\n"
                + "^\n", errors(Path.of("derivations/ch5-bp.nabla"), "b"));
    }

    @Test
    void aWholeDataSetInputNeedsATargetOverItsSamples(@TempDir Path dir) {
        Path f = Cli.write(dir.resolve("f.nabla"), "dim m, d\ninput X[m, d]\ntarget y[d]\nparam w[d]\n"
                + "E = sum(k, i, (w[i] * X[k, i] - y[i])^2)\ntrain minimize E over w\n");
        assertEquals(f + ":3:8: error: the input X[m, d] holds every sample, so the target must too: y[m] or y[m, l]\n"
                + "target y[d]\n"
                + "       ^\n", errors(f, null));
    }

    @Test
    void noNodeToPredictWith(@TempDir Path dir) {
        Path f = Cli.write(dir.resolve("f.nabla"), "dim d\ninput x[d]\ntarget y\nparam w[d]\n"
                + "E = (sum(i, w[i] * x[i]) - y)^2\ntrain minimize E over w\n");
        assertEquals(f + ":6:1: error: no prediction: E reads no definition with the shape of the target y that does"
                + " not read y itself; name one with --output NAME\n"
                + "train minimize E over w\n"
                + "^~~~~~~~~~~~~~~~~~~~~~~\n", errors(f, null));
    }

    @Test
    void aScalarInputIsOneFeature(@TempDir Path dir) {
        Path f = Cli.write(dir.resolve("f.nabla"), "input x\ntarget y\nparam w\n"
                + "p = sigmoid(w * x)\nE = (p - y)^2\ntrain minimize E over w\n");
        FormulaFile file = load(f.toString(), null);
        Diagnostics diags = new Diagnostics();
        diags.addSource(file.program().source());
        assertEquals(Map.of(), file.sizes(1, 1, Map.of(), diags));
        assertNull(file.sizes(2, 1, Map.of(), diags));
        assertEquals(f + ":1:7: error: the input x is one number, but 2 features come from the data: give it a dim, x[d]\n"
                + "input x\n"
                + "      ^\n", diags.render());
    }
}
