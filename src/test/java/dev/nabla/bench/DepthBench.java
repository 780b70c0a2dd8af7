package dev.nabla.bench;

import dev.nabla.autodiff.Model;
import dev.nabla.diag.Diagnostics;
import dev.nabla.diag.SourceFile;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Ir;
import dev.nabla.sema.Frontend;
import dev.nabla.sema.Program;
import dev.nabla.syntax.Ast;
import dev.nabla.testkit.SigmoidNetwork;
import dev.nabla.verify.CanonicalForm;
import dev.nabla.verify.Check;
import dev.nabla.verify.LazyUnfolding;
import dev.nabla.verify.RandomChecker;
import dev.nabla.verify.Verdict;
import dev.nabla.verify.Verifier;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How checking time grows with the depth of a network and with the number of claims in a
 * file, on generated sigmoid networks ({@link SigmoidNetwork}) with backpropagation written by
 * hand. For each depth: the whole check of the first layer's weight gradient (load, reverse
 * mode, random testing, proof), then the proof alone by {@link LazyUnfolding} and by the
 * canonical form inlining everything (what the verifier did before). Times are CPU time of the
 * checking thread, best of a few runs; the machine is shared, so compare within one run.
 * {@code mvn -B -Pbench -DskipTests verify} runs it after {@link CompilerBench}.
 */
public final class DepthBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        System.out.printf(Locale.ROOT, "DepthBench: best of %d runs, CPU ms; load average %.1f on %d cores%n", runs,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        for (int k = 0; k < 3; k++) {
            check(new SigmoidNetwork(4).withFirstLayerClaim()); // warm-up
        }
        System.out.println("| layers | definitions | check: verdict | check | lazy proof | full inlining |");
        System.out.println("| --- | --- | --- | --- | --- | --- |");
        for (int layers : List.of(2, 4, 8, 12, 16, 32)) {
            String file = new SigmoidNetwork(layers).withFirstLayerClaim();
            Timed<List<Check>> check = best(runs, () -> check(file));
            Sides sides = sides(file);
            Timed<Optional<Expr>> lazy = best(runs,
                    () -> new LazyUnfolding(sides.model.graph(), Map.of()).difference(sides.lhs, sides.rhs));
            Timed<Optional<Expr>> full = best(layers <= 8 ? runs : 1,
                    () -> new CanonicalForm(sides.model.graph()).of(Ir.sub(sides.lhs, sides.rhs)));
            System.out.printf(Locale.ROOT, "| %d | %d | %s | %.0f | %.1f (%s) | %.0f (%s) |%n", layers,
                    sides.model.graph().definitions().size(), check.value.get(0).verdict().word(), check.ms,
                    lazy.ms, outcome(lazy.value), full.ms, outcome(full.value));
        }
        System.out.println();
        SigmoidNetwork net = new SigmoidNetwork(4);
        System.out.println("| claims in one file (4 layers) | verdicts | check | per claim |");
        System.out.println("| --- | --- | --- | --- |");
        for (int count : List.of(10, 100, 1000)) {
            String file = net.source(net.claims(count));
            Timed<List<Check>> check = best(count >= 1000 ? 1 : runs, () -> check(file));
            Map<Verdict, Integer> verdicts = new EnumMap<>(Verdict.class);
            check.value.forEach(c -> verdicts.merge(c.verdict(), 1, Integer::sum));
            System.out.printf(Locale.ROOT, "| %d | %s | %.0f | %.2f |%n", count, verdicts, check.ms, check.ms / count);
        }
    }

    private static String outcome(Optional<Expr> difference) {
        return difference.isEmpty() ? "gave up" : difference.get() == Ir.ZERO ? "proved" : "differs";
    }

    private record Timed<T>(T value, double ms) {
    }

    private static <T> Timed<T> best(int runs, Supplier<T> work) {
        T value = null;
        double best = Double.MAX_VALUE;
        for (int k = 0; k < runs; k++) {
            long t0 = THREADS.getCurrentThreadCpuTime();
            value = work.get();
            best = Math.min(best, (THREADS.getCurrentThreadCpuTime() - t0) / 1e6);
        }
        return new Timed<>(value, best);
    }

    private static List<Check> check(String file) {
        return new Verifier(load(file), RandomChecker.Settings.defaults(1)).run();
    }

    private record Sides(Model model, Expr lhs, Expr rhs) {
    }

    private static Sides sides(String file) {
        Program program = load(file);
        Model model = new Model(program);
        Ast.Claim claim = (Ast.Claim) program.file().statements().stream().filter(s -> s instanceof Ast.Claim)
                .findFirst().orElseThrow();
        return new Sides(model, model.lower(claim.lhs()), model.lower(claim.rhs()));
    }

    private static Program load(String text) {
        Diagnostics diags = new Diagnostics();
        Program program = Frontend.load(new SourceFile("net.nabla", text), diags);
        if (program == null) {
            throw new IllegalStateException("a generated network does not load:\n" + diags.render());
        }
        return program;
    }
}
