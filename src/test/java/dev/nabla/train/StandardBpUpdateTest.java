package dev.nabla.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.nabla.cli.Cli;
import dev.nabla.train.data.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One epoch of the book's standard BP (5.8) on a 2-2-1 network and two samples, computed by hand
 * with the update rules 5.11–5.14 from g_j (5.10) and e_h (5.15), against what {@code nabla train}
 * does with {@code derivations/ch5-bp.nabla}: the same weights.
 */
class StandardBpUpdateTest {
    private static final double ETA = 0.5;
    private static final double[][] X = {{1, 0}, {0.5, 1}};
    private static final double[] Y = {1, 0};

    // v[i][h], gamma[h], w[h] (one output), theta
    private final double[][] v = new double[2][2];
    private final double[] gamma = new double[2];
    private final double[] w = new double[2];
    private double theta;

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** One update of standard BP on one sample, written as the book writes it. */
    private void update(double[] x, double y) {
        double[] b = new double[2];
        for (int h = 0; h < 2; h++) {
            double alpha = v[0][h] * x[0] + v[1][h] * x[1];
            b[h] = sigmoid(alpha - gamma[h]);
        }
        double beta = w[0] * b[0] + w[1] * b[1];
        double yhat = sigmoid(beta - theta);
        double g = yhat * (1 - yhat) * (y - yhat);                   // (5.10)
        double[] e = new double[2];
        for (int h = 0; h < 2; h++) {
            e[h] = b[h] * (1 - b[h]) * w[h] * g;                     // (5.15)
        }
        for (int h = 0; h < 2; h++) {
            w[h] += ETA * g * b[h];                                  // (5.11)
        }
        theta += -ETA * g;                                           // (5.12)
        for (int i = 0; i < 2; i++) {
            for (int h = 0; h < 2; h++) {
                v[i][h] += ETA * e[h] * x[i];                        // (5.13)
            }
        }
        for (int h = 0; h < 2; h++) {
            gamma[h] += -ETA * e[h];                                 // (5.14)
        }
    }

    /** Step (1) of 5.8: every weight and threshold uniform in (0, 1), parameter by parameter, row-major. */
    private void initialise(long seed) {
        Rng rng = Rng.seeded(seed);
        for (int i = 0; i < 2; i++) {
            for (int h = 0; h < 2; h++) {
                v[i][h] = rng.nextDouble();
            }
        }
        gamma[0] = rng.nextDouble();
        gamma[1] = rng.nextDouble();
        w[0] = rng.nextDouble();
        w[1] = rng.nextDouble();
        theta = rng.nextDouble();
    }

    @Test
    void oneEpochOfStandardBpIsTheBooksUpdates(@TempDir Path dir) throws Exception {
        Path csv = Cli.write(dir.resolve("two.csv"), "x1,x2,y\n1,0,1\n0.5,1,0\n");
        Path weights = dir.resolve("w.json");
        Cli.Run run = Cli.run("train", "derivations/ch5-bp.nabla", "--data", csv.toString(), "--target", "y",
                "--dim", "q=2", "--eta", Double.toString(ETA), "--epochs", "1", "--seed", "42", "--no-shuffle",
                "--no-standardise", "--quiet", "--weights", weights.toString());
        assertEquals(0, run.code(), run::toString);

        initialise(42);
        update(X[0], Y[0]);
        update(X[1], Y[1]);

        JsonObject p = JsonParser.parseString(Files.readString(weights)).getAsJsonObject().getAsJsonObject("parameters");
        assertClose(new double[] {v[0][0], v[0][1], v[1][0], v[1][1]}, p.getAsJsonArray("v"));
        assertClose(gamma, p.getAsJsonArray("gamma"));
        assertClose(w, p.getAsJsonArray("w"));
        assertClose(new double[] {theta}, p.getAsJsonArray("theta"));
    }

    /** Equal but for the order of rounding: the derived program multiplies the same factors in its own order. */
    private static void assertClose(double[] expected, JsonArray actual) {
        assertEquals(expected.length, actual.size());
        for (int k = 0; k < expected.length; k++) {
            double a = actual.get(k).getAsDouble();
            assertEquals(expected[k], a, 4 * Math.ulp(expected[k]), () -> "element of " + actual);
        }
    }
}
