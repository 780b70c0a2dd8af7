package dev.nabla.bench;

import dev.nabla.codegen.CompiledTrainer;
import dev.nabla.codegen.TrainingProgram;
import dev.nabla.diag.Diagnostics;
import dev.nabla.ir.Definition;
import dev.nabla.ir.Dim;
import dev.nabla.ir.Evaluator;
import dev.nabla.ir.Index;
import dev.nabla.ir.Instance;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Tensor;
import dev.nabla.runtime.Network;
import dev.nabla.sema.Frontend;
import dev.nabla.sema.Program;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Samples per second of one standard-BP step (forward, backward, update) of
 * {@code derivations/ch5-bp.nabla} at (d, q, l) = (8, 10, 1), (64, 32, 10), (784, 128, 10):
 * (a) the generated trainer, (b) {@link HandBP}'s hand-written loop, (c) nabla's IR evaluator
 * on the adjoint program; and (d) the generated minibatch trainer, 128 samples per step, at
 * (784, 128, 10). All in one run, each measurement in a JVM of its own (one trainer runs one size):
 * the generated and the hand loop alternate, twice, and each reports the best of 5 timed runs, the
 * one a shared machine disturbed least, timed by the measuring thread's CPU time.
 * {@code mvn -B -Pbench -DskipTests verify} runs it ({@code -Dbench.seconds=N} per measurement);
 * by hand, with the test class path: {@code java -cp ... dev.nabla.bench.TrainerBench [seconds] [file]}.
 */
public final class TrainerBench {
    private static final double ETA = 0.1;
    private static final int SAMPLES = 2000;
    private static final ThreadMXBean THREAD_TIME = ManagementFactory.getThreadMXBean();

    private interface Epoch {
        void run();
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--one")) {
            System.out.println("RESULT " + one(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]), Double.parseDouble(args[5]), Path.of(args[6])));
            return;
        }
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        String file = args.length > 1 ? args[1] : "derivations/ch5-bp.nabla";
        System.out.printf(Locale.ROOT, "TrainerBench %s, java %s, %.1f s of CPU time per measurement, each in a JVM of its own%n",
                file, System.getProperty("java.version"), seconds);
        System.out.printf(Locale.ROOT, "%-14s %14s %14s %14s %10s %10s%n", "(d, q, l)", "generated/s", "hand/s",
                "evaluator/s", "gen/hand", "gen/eval");
        int[][] sizes = {{8, 10, 1}, {64, 32, 10}, {784, 128, 10}};
        double hand784 = 0;
        for (int[] s : sizes) {
            // alternated, best of two JVMs each: on a shared machine the best run is the one least disturbed
            double generated = child("generated", s, seconds, file);
            double hand = child("hand", s, seconds, file);
            generated = Math.max(generated, child("generated", s, seconds, file));
            hand = Math.max(hand, child("hand", s, seconds, file));
            double evaluator = child("evaluator", s, seconds, file);
            System.out.printf(Locale.ROOT, "%-14s %14.4g %14.4g %14.4g %10.2f %10.1f%n",
                    "(" + s[0] + ", " + s[1] + ", " + s[2] + ")", generated, hand, evaluator, generated / hand,
                    generated / evaluator);
            hand784 = hand;
        }
        double minibatch = Math.max(child("minibatch", sizes[2], seconds, file), child("minibatch", sizes[2], seconds, file));
        System.out.printf(Locale.ROOT, "minibatch 128 at (784, 128, 10): %.4g samples/s, %.2f x the per-sample hand loop%n",
                minibatch, minibatch / hand784);
    }

    /** One measurement in a fresh JVM, so that no size's JIT profile shapes another's code. */
    private static double child(String what, int[] s, double seconds, String file) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TrainerBench.class.getName(), "--one", what,
                Integer.toString(s[0]), Integer.toString(s[1]), Integer.toString(s[2]), Double.toString(seconds), file));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() != 0 || !out.contains("RESULT ")) {
            throw new IllegalStateException(what + " failed:\n" + out);
        }
        return Double.parseDouble(out.substring(out.lastIndexOf("RESULT ") + 7).strip());
    }

    /** Samples per second of one kind of step at one size. */
    private static double one(String what, int d, int q, int l, double seconds, Path file) {
        Diagnostics diags = new Diagnostics();
        Program program = Frontend.load(file, diags);
        if (program == null) {
            throw new IllegalArgumentException(diags.render());
        }
        Map<String, Integer> sizes = Map.of("d", d, "q", q, "l", l);
        HandBP hand = new HandBP(d, q, l, new Random(7));
        switch (what) {
            case "generated": {
                Data data = new Data(d, l, SAMPLES, new Random(42));
                Network net = CompiledTrainer.load(TrainingProgram.of(program, TrainingProgram.Options.NONE), sizes);
                copyParameters(hand, net);
                return rate(() -> standardEpoch(net, data), SAMPLES, seconds);
            }
            case "hand": {
                Data data = new Data(d, l, SAMPLES, new Random(42));
                return rate(() -> hand.epochStandard(data.x, data.y, SAMPLES, ETA), SAMPLES, seconds);
            }
            case "evaluator": {
                Data data = new Data(d, l, SAMPLES, new Random(42));
                TrainingProgram perSample = TrainingProgram.of(program, TrainingProgram.Options.NONE);
                Network net = CompiledTrainer.load(perSample, sizes);
                copyParameters(hand, net);
                int steps = d > 100 ? 3 : 50;
                return rate(() -> evaluatorSteps(perSample, net, data, steps), steps, seconds);
            }
            default: {
                int n = 128;
                TrainingProgram batched = TrainingProgram.of(program, new TrainingProgram.Options(true, null));
                Map<String, Integer> withBatch = new LinkedHashMap<>(sizes);
                withBatch.put(batched.batchDim().name(), n);
                Network net = CompiledTrainer.load(batched, withBatch);
                copyParameters(hand, net);
                Data data = new Data(d, l, SAMPLES / n * n, new Random(42));
                return rate(() -> minibatchEpoch(net, data, n), data.n, seconds);
            }
        }
    }

    /** Synthetic data as HandBP makes it: x uniform in [0, 1), y a random 0/1 or one-hot class. */
    private static final class Data {
        final int d, l, n;
        final double[] x, y;

        Data(int d, int l, int n, Random rnd) {
            this.d = d;
            this.l = l;
            this.n = n;
            x = new double[n * d];
            y = new double[n * l];
            for (int k = 0; k < x.length; k++) {
                x[k] = rnd.nextDouble();
            }
            for (int k = 0; k < n; k++) {
                if (l == 1) {
                    y[k] = rnd.nextInt(2);
                } else {
                    y[k * l + rnd.nextInt(l)] = 1;
                }
            }
        }
    }

    private static void copyParameters(HandBP hand, Network net) {
        System.arraycopy(hand.v, 0, net.values("v"), 0, hand.v.length);
        System.arraycopy(hand.gamma, 0, net.values("gamma"), 0, hand.gamma.length);
        System.arraycopy(hand.w, 0, net.values("w"), 0, hand.w.length);
        System.arraycopy(hand.theta, 0, net.values("theta"), 0, hand.theta.length);
    }

    /** One epoch of the book's standard BP through the Network interface, as a trainer drives it. */
    private static void standardEpoch(Network net, Data data) {
        double[] x = net.values("x");
        double[] y = net.values("y");
        for (int k = 0; k < data.n; k++) {
            System.arraycopy(data.x, k * data.d, x, 0, data.d);
            System.arraycopy(data.y, k * data.l, y, 0, data.l);
            net.backward();
            net.step(ETA);
        }
    }

    private static void minibatchEpoch(Network net, Data data, int n) {
        double[] x = net.values("x");
        double[] y = net.values("y");
        for (int k = 0; k + n <= data.n; k += n) {
            System.arraycopy(data.x, k * data.d, x, 0, n * data.d);
            System.arraycopy(data.y, k * data.l, y, 0, n * data.l);
            net.backward();
            net.step(ETA);
        }
    }

    /** Standard BP steps evaluated by nabla's IR evaluator on the adjoint program, starting from the network's values. */
    private static void evaluatorSteps(TrainingProgram program, Network net, Data data, int steps) {
        Map<Dim, Integer> sizes = new LinkedHashMap<>();
        for (Dim dim : program.dims()) {
            sizes.put(dim, net.size(dim.name()));
        }
        Map<Tensor, double[]> values = new LinkedHashMap<>();
        for (Tensor t : program.graph().tensors()) {
            if (t.isLeaf()) {
                values.put(t, net.values(t.name()).clone());
            }
        }
        Tensor x = program.graph().tensor("x");
        Tensor y = program.graph().tensor("y");
        for (int k = 0; k < steps; k++) {
            System.arraycopy(data.x, k * data.d, values.get(x), 0, data.d);
            System.arraycopy(data.y, k * data.l, values.get(y), 0, data.l);
            Evaluator evaluator = new Evaluator(program.graph(), new Instance(sizes, values));
            List<double[]> gradients = new ArrayList<>();
            for (Tensor p : program.variables()) {
                Tensor g = program.adjointOf(p);
                Definition def = program.graph().definition(g);
                List<Index> at = def.indices();
                gradients.add(evaluator.evaluate(Ir.access(g, at), at).values());
            }
            for (int m = 0; m < program.variables().size(); m++) {
                double[] p = values.get(program.variables().get(m));
                double[] g = gradients.get(m);
                for (int e = 0; e < p.length; e++) {
                    p[e] -= ETA * g[e];
                }
            }
        }
    }

    /**
     * Warm up for the given time, then the best of 5 timed runs of a fifth of it each; items per
     * second. Time is this thread's CPU time, not the wall clock: on a shared machine a process
     * waiting for a core would otherwise count the others' work as its own (each measurement is
     * one thread computing, so its CPU time is the time the step takes).
     */
    private static double rate(Epoch epoch, int itemsPerEpoch, double seconds) {
        long start = cpuNanos();
        int warm = 0;
        while (cpuNanos() - start < seconds * 1e9 || warm < 2) {
            epoch.run();
            warm++;
        }
        double perEpoch = (cpuNanos() - start) / 1e9 / warm;
        int epochs = Math.max(1, (int) Math.round(seconds / 5 / perEpoch));
        double best = 0;
        for (int rep = 0; rep < 5; rep++) {
            long t0 = cpuNanos();
            for (int k = 0; k < epochs; k++) {
                epoch.run();
            }
            best = Math.max(best, (double) epochs * itemsPerEpoch / ((cpuNanos() - t0) / 1e9));
        }
        return best;
    }

    private static long cpuNanos() {
        return THREAD_TIME.getCurrentThreadCpuTime();
    }
}
