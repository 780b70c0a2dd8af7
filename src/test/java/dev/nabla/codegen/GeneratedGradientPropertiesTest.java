package dev.nabla.codegen;

import dev.nabla.ir.Definition;
import dev.nabla.ir.Dim;
import dev.nabla.ir.Evaluator;
import dev.nabla.ir.Instance;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Tensor;
import dev.nabla.runtime.Network;
import dev.nabla.testkit.RandomProgram;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.apache.commons.math3.fraction.BigFraction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generated trainer's gradient equals the IR evaluator's on the adjoint definitions (the same
 * program, evaluated another way) and central differences of the generated loss, on random
 * networks (activations, losses, minibatch, regularisation) with random sizes and data, and on
 * random indexed programs.
 */
class GeneratedGradientPropertiesTest {
    private static final Path CACHE = temporaryCache();

    /** One cache for every try (repeated shapes compile once), removed when the JVM ends. */
    private static Path temporaryCache() {
        try {
            Path dir = Files.createTempDirectory("nabla-cache");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                } catch (IOException e) {
                    // a temporary directory left behind is harmless
                }
            }));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A one-hidden-layer network in the formula language. */
    record Shape(String activation, String loss, boolean batch, boolean lambda) {
        String source() {
            String head = String.join("\n",
                    "dim d, q, l",
                    "input x[d]",
                    "target y[l] in {0, 1}",
                    "param v[d, q], gamma[q], w[q, l], theta[l]",
                    "alpha[h] = sum(i, v[i, h] * x[i])",
                    "b[h] = " + activation + "(alpha[h] - gamma[h])",
                    "z[j] = sum(h, w[h, j] * b[h]) - theta[j]", "");
            String tail;
            switch (loss) {
                case "squared":
                    tail = "yhat[j] = sigmoid(z[j])\nE = 1/2 * sum(j, (yhat[j] - y[j])^2)\n";
                    break;
                case "softmax":
                    tail = "p[j] = exp(z[j]) / sum(k, exp(z[k]))\nE = -sum(j, y[j] * log(p[j]))\n";
                    break;
                default:
                    tail = "E = sum(j, log(1 + exp(z[j])) - y[j] * z[j])\n";
            }
            return head + tail + "train minimize E over v, gamma, w, theta\n";
        }

        TrainingProgram.Options options() {
            return new TrainingProgram.Options(batch, lambda ? new BigFraction(7, 10) : null);
        }
    }

    @Provide
    Arbitrary<Shape> shapes() {
        return Combinators.combine(Arbitraries.of("sigmoid", "tanh", "softplus"),
                Arbitraries.of("squared", "softmax", "logistic"), Arbitraries.of(false, true),
                Arbitraries.of(false, true)).as(Shape::new);
    }

    @StatisticsReport(onFailureOnly = true)

    @Property(tries = 100)
    void generatedGradientsAgreeWithTheEvaluatorAndCentralDifferences(@ForAll("shapes") Shape shape,
                                                                      @ForAll("seeds") long seed) {
        Statistics.collect(shape.loss(), shape.batch() ? "batch" : "sample");
        TrainingProgram program = Trainers.training(Trainers.program("net.nabla", shape.source()), shape.options());
        Random rnd = new Random(seed);
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (Dim d : program.dims()) {
            sizes.put(d.name(), 1 + rnd.nextInt(3));
        }
        Network net = CompiledTrainer.instantiate(CompiledTrainer.compile(program, CACHE), sizes);
        fill(net, rnd);
        net.backward();
        Map<Tensor, double[]> evaluated = evaluate(program, net);
        for (Tensor p : program.variables()) {
            double[] generated = net.gradient(p.name()).clone();
            double[] reference = evaluated.get(p);
            double[] values = net.values(p.name());
            for (int k = 0; k < generated.length; k++) {
                assertClose(reference[k], generated[k], 1e-9, shape + " " + p + "[" + k + "] vs the evaluator");
                double old = values[k];
                double h = 1e-6;
                values[k] = old + h;
                double up = net.loss();
                values[k] = old - h;
                double down = net.loss();
                values[k] = old;
                assertClose((up - down) / (2 * h), generated[k], 1e-5,
                        shape + " " + p + "[" + k + "] vs central differences");
            }
        }
    }

    /** The bundled derivations' train statements, as they are and batched and regularised. */
    @ParameterizedTest
    @CsvSource({"ch5-bp, false, false", "ch5-bp, true, true", "ch5-neuron, false, false", "ch5-neuron, true, true",
            "ch5-regularized, false, false", "ch5-regularized, true, false", "ch5-regularized, false, true",
            "ch5-softmax, false, false", "ch5-softmax, true, true", "xor, false, false", "xor, true, false"})
    void bundledTrainersAgreeWithTheEvaluatorAndCentralDifferences(String name, boolean batch, boolean lambda)
            throws IOException {
        Path file = Path.of("derivations", name + ".nabla");
        TrainingProgram program = Trainers.training(Trainers.program(file),
                new TrainingProgram.Options(batch, lambda ? new BigFraction(9, 10) : null));
        Random rnd = new Random(name.hashCode());
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (Dim d : program.dims()) {
            sizes.put(d.name(), 1 + rnd.nextInt(3));
        }
        Network net = CompiledTrainer.instantiate(CompiledTrainer.compile(program, CACHE), sizes);
        fill(net, rnd);
        for (Tensor c : program.leaves(java.util.EnumSet.of(Tensor.Kind.CONST))) {
            double[] v = net.values(c.name());
            for (int k = 0; k < v.length; k++) {
                v[k] = 0.1 + 0.8 * rnd.nextDouble();
            }
        }
        net.backward();
        Map<Tensor, double[]> evaluated = evaluate(program, net);
        for (Tensor p : program.variables()) {
            double[] generated = net.gradient(p.name()).clone();
            double[] values = net.values(p.name());
            for (int k = 0; k < generated.length; k++) {
                assertClose(evaluated.get(p)[k], generated[k], 1e-9, name + " " + p + "[" + k + "] vs the evaluator");
                double old = values[k];
                values[k] = old + 1e-6;
                double up = net.loss();
                values[k] = old - 1e-6;
                double down = net.loss();
                values[k] = old;
                assertClose((up - down) / 2e-6, generated[k], 1e-5, name + " " + p + "[" + k + "] vs central differences");
            }
        }
    }

    /**
     * Sizes past the blocks of a matrix-product loop nest (4 rows of the target, 2 terms of the sum
     * at once), with rows and terms left over and without: the sizes drawn above stay below them.
     */
    @ParameterizedTest
    @CsvSource({"ch5-bp, 9, 6, 3, 11", "ch5-bp, 8, 4, 2, 8", "ch5-softmax, 13, 7, 5, 6", "ch5-softmax, 5, 9, 4, 13"})
    void blockedLoopNestsAgreeWithTheEvaluator(String name, int d, int q, int l, int n) throws IOException {
        TrainingProgram program = Trainers.training(Trainers.program(Path.of("derivations", name + ".nabla")),
                new TrainingProgram.Options(true, null));
        Network net = CompiledTrainer.instantiate(CompiledTrainer.compile(program, CACHE),
                Map.of("d", d, "q", q, "l", l, program.batchDimName(), n));
        Random rnd = new Random(n);
        fill(net, rnd);
        net.backward();
        Map<Tensor, double[]> evaluated = evaluate(program, net);
        for (Tensor p : program.variables()) {
            double[] generated = net.gradient(p.name());
            for (int k = 0; k < generated.length; k++) {
                assertClose(evaluated.get(p)[k], generated[k], 1e-9, name + " " + p + "[" + k + "] vs the evaluator");
            }
        }
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @StatisticsReport(onFailureOnly = true)

    @Property(tries = 100)
    void generatedGradientsOfRandomProgramsAgreeWithTheEvaluator(@ForAll("seeds") long seed) {
        // deeper programs make methods long enough to be split, one method per kernel
        RandomProgram random = RandomProgram.generate(seed, seed % 4 == 0 ? 6 : 3);
        boolean compared = agreeWithTheEvaluator(random.source() + "train minimize F over x, w, c\n", seed);
        Statistics.collect(compared ? "compared" : "undefined at the point drawn");
    }

    /** A gradient that read another parameter's gradient in place of its body, before that one was computed. */
    @Test
    void aGradientThatIsAnotherAdjointIsNotReadBeforeItIsComputed() {
        assertTrue(agreeWithTheEvaluator(String.join("\n",
                "dim d, q",
                "param x[d], w[d, q], c",
                "t1[i] = 1.5 + x[i]",
                "t2[i, j] = w[i, j] + t1[i] * log(2 + sin(1 / (2 + sin(-t1[i]))^(1/3)))",
                "F = t2[1, 1] + sum(i, sqrt(sigmoid(x[i])) * sum(j, t2[i, j]) / sigmoid((2 + sin(x[i]))^c))",
                "train minimize F over x, w, c", ""), 7), "the point is defined");
    }

    /**
     * Whether any element could be compared: where the evaluator's running bound on its own
     * rounding error is large (cancellation), two evaluation orders may differ that much, so the
     * allowance is that bound, on top of a relative 1e-8.
     */
    private static boolean agreeWithTheEvaluator(String source, long seed) {
        TrainingProgram program = Trainers.training(Trainers.program("random.nabla", source),
                TrainingProgram.Options.NONE);
        Random rnd = new Random(seed);
        Network net = CompiledTrainer.instantiate(CompiledTrainer.compile(program, CACHE),
                Map.of("d", 1 + rnd.nextInt(3), "q", 1 + rnd.nextInt(3)));
        fill(net, rnd);
        double loss = net.backward();
        Map<Tensor, Evaluator.Value> evaluated = evaluateWithErrors(program, net);
        boolean compared = false;
        for (Tensor p : program.variables()) {
            double[] generated = net.gradient(p.name());
            Evaluator.Value reference = evaluated.get(p);
            for (int k = 0; k < generated.length; k++) {
                double expected = reference == null ? 0 : reference.values()[k];
                double error = reference == null ? 0 : reference.errors()[k];
                if (Double.isFinite(expected) && Double.isFinite(error) && Double.isFinite(loss)) {
                    double scale = Math.max(1, Math.max(Math.abs(expected), Math.abs(generated[k])));
                    int at = k;
                    assertTrue(Math.abs(expected - generated[k]) <= 1e-8 * scale + 4 * error,
                            () -> source + "\n" + p + "[" + at + "]: expected " + expected + " (rounding error at most "
                                    + error + "), got " + generated[at]);
                    compared = true;
                }
            }
        }
        return compared;
    }

    private static Map<Tensor, Evaluator.Value> evaluateWithErrors(TrainingProgram program, Network net) {
        Map<Dim, Integer> sizes = new LinkedHashMap<>();
        for (Dim d : program.dims()) {
            sizes.put(d, net.size(d.name()));
        }
        Map<Tensor, double[]> values = new LinkedHashMap<>();
        for (Tensor t : program.graph().tensors()) {
            if (t.isLeaf()) {
                values.put(t, net.values(t.name()).clone());
            }
        }
        Evaluator evaluator = new Evaluator(program.graph(), new Instance(sizes, values));
        Map<Tensor, Evaluator.Value> out = new LinkedHashMap<>();
        for (Tensor p : program.variables()) {
            Tensor g = program.adjointOf(p);
            if (g != null) {
                Definition d = program.graph().definition(g);
                out.put(p, evaluator.evaluate(Ir.access(g, d.indices()), d.indices()));
            }
        }
        return out;
    }

    private static void fill(Network net, Random rnd) {
        for (String leaf : net.parameters()) {
            double[] v = net.values(leaf);
            for (int k = 0; k < v.length; k++) {
                v[k] = 4 * rnd.nextDouble() - 2;
            }
        }
        for (String leaf : net.data()) {
            double[] v = net.values(leaf);
            for (int k = 0; k < v.length; k++) {
                v[k] = leaf.equals("y") ? rnd.nextInt(2) : 4 * rnd.nextDouble() - 2;
            }
        }
    }

    /** Every variable's gradient by nabla's IR evaluator on the adjoint program, at the network's values. */
    static Map<Tensor, double[]> evaluate(TrainingProgram program, Network net) {
        Map<Dim, Integer> sizes = new LinkedHashMap<>();
        for (Dim d : program.dims()) {
            sizes.put(d, net.size(d.name()));
        }
        Map<Tensor, double[]> values = new LinkedHashMap<>();
        for (Tensor t : program.graph().tensors()) {
            if (t.isLeaf()) {
                values.put(t, net.values(t.name()).clone());
            }
        }
        Evaluator evaluator = new Evaluator(program.graph(), new Instance(sizes, values));
        Map<Tensor, double[]> out = new LinkedHashMap<>();
        for (Tensor p : program.variables()) {
            Tensor g = program.adjointOf(p);
            if (g == null) {
                out.put(p, new double[net.values(p.name()).length]);
            } else {
                Definition d = program.graph().definition(g);
                out.put(p, evaluator.evaluate(Ir.access(g, d.indices()), d.indices()).values());
            }
        }
        return out;
    }

    static void assertClose(double expected, double actual, double tolerance, String what) {
        double scale = Math.max(1, Math.max(Math.abs(expected), Math.abs(actual)));
        assertTrue(Math.abs(expected - actual) <= tolerance * scale,
                () -> what + ": expected " + expected + ", got " + actual);
    }
}
