package dev.nabla.codegen;

import dev.nabla.runtime.Network;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One standard-BP update of the README's 2-2-1 network, generated from ch5-bp.nabla, against the
 * book's update rules worked out by hand: g_j (5.10), e_h (5.15), Δw_hj = η g_j b_h (5.11),
 * Δθ_j = −η g_j (5.12), Δv_ih = η e_h x_i (5.13), Δγ_h = −η e_h (5.14).
 */
class StandardBpUpdateTest {
    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    @Test
    void oneUpdateOfTheTwoTwoOneNetworkIsTheBooks() throws Exception {
        TrainingProgram program = Trainers.training(Trainers.program(Path.of("derivations/ch5-bp.nabla")),
                TrainingProgram.Options.NONE);
        Network net = CompiledTrainer.instantiate(CompiledTrainer.compile(program, Files.createTempDirectory("nabla")),
                Map.of("d", 2, "q", 2, "l", 1));
        double[] x = {1, 0};
        double y = 1;
        double[][] v = {{0.5, -0.5}, {0.25, 1}};
        double[] gamma = {0, 0};
        double[] w = {1, -1};
        double theta = 0;
        double eta = 0.1;
        System.arraycopy(x, 0, net.values("x"), 0, 2);
        net.values("y")[0] = y;
        System.arraycopy(new double[] {0.5, -0.5, 0.25, 1}, 0, net.values("v"), 0, 4);
        System.arraycopy(w, 0, net.values("w"), 0, 2);

        // by hand: the forward pass, then (5.10) and (5.15)
        double[] b = {sigmoid(0.5 * 1 + 0.25 * 0 - gamma[0]), sigmoid(-0.5 * 1 + 1 * 0 - gamma[1])};
        double yhat = sigmoid(w[0] * b[0] + w[1] * b[1] - theta);
        double g = yhat * (1 - yhat) * (y - yhat);
        double[] e = {b[0] * (1 - b[0]) * w[0] * g, b[1] * (1 - b[1]) * w[1] * g};

        double loss = net.backward();
        assertEquals(0.5 * (yhat - y) * (yhat - y), loss, 1e-16);
        net.step(eta);

        double tol = 1e-15;
        assertArrayEquals(new double[] {w[0] + eta * g * b[0], w[1] + eta * g * b[1]}, net.values("w"), tol);
        assertArrayEquals(new double[] {theta - eta * g}, net.values("theta"), tol);
        assertArrayEquals(new double[] {v[0][0] + eta * e[0] * x[0], v[0][1] + eta * e[1] * x[0],
                v[1][0] + eta * e[0] * x[1], v[1][1] + eta * e[1] * x[1]}, net.values("v"), tol);
        assertArrayEquals(new double[] {gamma[0] - eta * e[0], gamma[1] - eta * e[1]}, net.values("gamma"), tol);
        // x[2] = 0: the second row of v does not move at all
        assertEquals(0.25, net.values("v")[2]);
        assertEquals(1.0, net.values("v")[3]);
        // and the gradients the step took are still there, as backward() left them: dE/dw = -g b
        assertArrayEquals(new double[] {-g * b[0], -g * b[1]}, net.gradient("w"), tol);
    }
}
