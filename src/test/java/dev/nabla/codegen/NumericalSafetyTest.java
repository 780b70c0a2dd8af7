package dev.nabla.codegen;

import dev.nabla.runtime.Network;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Generated trainers stay finite where the formulas as written overflow or divide by an underflowed 0. */
class NumericalSafetyTest {
    private static Network network(String source, Map<String, Integer> sizes) throws IOException {
        TrainingProgram program = Trainers.training(Trainers.program("safe.nabla", source), TrainingProgram.Options.NONE);
        return CompiledTrainer.instantiate(CompiledTrainer.compile(program, Files.createTempDirectory("nabla")), sizes);
    }

    private static final String SOFTMAX = String.join("\n",
            "dim l",
            "target t[l] in {0, 1}",
            "param z[l]",
            "p[j] = exp(z[j]) / sum(k, exp(z[k]))",
            "E = -sum(j, t[j] * log(p[j]))",
            "train minimize E over z", "");

    @Test
    void softmaxWithCrossEntropyHasTheGradientPMinusT() throws IOException {
        Network net = network(SOFTMAX, Map.of("l", 3));
        System.arraycopy(new double[] {1000, 0, -1000}, 0, net.values("z"), 0, 3);
        net.values("t")[2] = 1;
        // -log p_3 = log(sum exp(z)) - z_3 = 1000 + log(1 + e^-1000 + e^-2000) + 1000
        assertEquals(2000, net.backward(), 1e-12);
        // p - t, with p = (1, e^-1000, e^-2000) = (1, 0, 0) in doubles: not -t/p = -1/0
        assertArrayEquals(new double[] {1, 0, -1}, net.gradient("z"), 1e-300);
    }

    @Test
    void softmaxOverModerateLogitsIsExact() throws IOException {
        Network net = network(SOFTMAX, Map.of("l", 2));
        System.arraycopy(new double[] {1, 2}, 0, net.values("z"), 0, 2);
        net.values("t")[0] = 1;
        double p1 = Math.exp(1) / (Math.exp(1) + Math.exp(2));
        assertEquals(-Math.log(p1), net.backward(), 1e-15);
        assertArrayEquals(new double[] {p1 - 1, 1 - p1}, net.gradient("z"), 1e-15);
    }

    @Test
    void binaryCrossEntropyOfASigmoidHasTheGradientYhatMinusY() throws IOException {
        Network net = network(String.join("\n", "param z", "target y in {0, 1}", "yhat = sigmoid(z)",
                "E = -(y * log(yhat) + (1 - y) * log(1 - yhat))", "train minimize E over z", ""), Map.of());
        net.values("z")[0] = 800;
        assertEquals(800, net.backward());
        assertEquals(1, net.gradient("z")[0]);
        net.values("z")[0] = -800;
        net.values("y")[0] = 1;
        assertEquals(800, net.backward());
        assertEquals(-1, net.gradient("z")[0]);
        net.values("z")[0] = 0.5;
        assertEquals(Math.log1p(Math.exp(-0.5)), net.backward(), 1e-15);
        assertEquals(1 / (1 + Math.exp(-0.5)) - 1, net.gradient("z")[0], 1e-15);
    }

    @Test
    void logOfOnePlusExpIsASoftplusForwardAndBackward() throws IOException {
        Network net = network("param z\nE = log(1 + exp(z))\ntrain minimize E over z\n", Map.of());
        net.values("z")[0] = 800;
        assertEquals(800, net.backward());
        assertEquals(1, net.gradient("z")[0]);
        net.values("z")[0] = -800;
        assertEquals(0, net.backward());
        assertEquals(0, net.gradient("z")[0]);
    }

    @Test
    void logSumExpDoesNotOverflow() throws IOException {
        Network net = network("dim l\nparam z[l]\nE = log(sum(k, exp(z[k])))\ntrain minimize E over z\n",
                Map.of("l", 2));
        System.arraycopy(new double[] {1000, 1000}, 0, net.values("z"), 0, 2);
        assertEquals(1000 + Math.log(2), net.backward(), 1e-12);
        assertArrayEquals(new double[] {0.5, 0.5}, net.gradient("z"), 1e-15);
    }

    @Test
    void sigmoidSaturatesWithoutNaNAndItsDerivativeIsWrittenOverItsOutput() throws IOException {
        Network net = network("param z\ntarget y\ns = sigmoid(z)\nE = (s - y)^2\ntrain minimize E over z\n", Map.of());
        net.values("z")[0] = -800;
        net.values("y")[0] = 1;
        assertEquals(1, net.backward());
        // 2 (s - y) s (1 - s) with s = 0: exactly 0, not NaN
        assertEquals(-0.0, net.gradient("z")[0], 0);
        assertTrue(Double.isFinite(net.gradient("z")[0]));
    }

    @Test
    void softplusIsFiniteFarOut() throws IOException {
        Network net = network("param z\nE = softplus(z) + softplus(-z)\ntrain minimize E over z\n", Map.of());
        net.values("z")[0] = 1e6;
        assertEquals(1e6, net.backward());
        assertEquals(1, net.gradient("z")[0]);
    }

    @Test
    void theSourceShowsTheStableForms() throws IOException {
        String source = JavaTrainer.emit(Trainers.training(Trainers.program("safe.nabla", SOFTMAX),
                TrainingProgram.Options.NONE), new JavaTrainer.Options(null, "Safe"));
        assertTrue(source.contains("max = Math.max(max, z[k]);"), source);
        assertTrue(source.contains("Math.exp(z[k] - "), source);
        assertTrue(source.contains("// adjoint of z (safe.nabla:3): dE_dz[j] = exp(z[j]) * sum(j2, t[j2]) / sum(k, exp(z[k])) - t[j]"),
                source);
    }
}
