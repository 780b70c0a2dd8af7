package dev.nabla.autodiff;

import dev.nabla.ir.Definition;
import dev.nabla.ir.Evaluator;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Graph;
import dev.nabla.ir.Index;
import dev.nabla.ir.Instance;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Tensor;
import dev.nabla.testkit.DualInterpreter;
import dev.nabla.testkit.DualInterpreter.Parameter;
import dev.nabla.testkit.Leaves;
import dev.nabla.testkit.Points;
import dev.nabla.testkit.RandomProgram;
import net.jqwik.api.Assume;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Symbolic gradients of random indexed programs against two independent oracles: central
 * differences of the objective (through the evaluator) and forward-mode
 * {@link DerivativeStructure} through a test-side interpreter that uses no nabla autodiff code.
 */
class GradientOraclePropertiesTest {
    private static final double KINK_MARGIN = 1e-3;
    private static final double LARGEST = 1e6;

    @StatisticsReport(onFailureOnly = true)

    @Property(tries = 80, edgeCases = EdgeCasesMode.NONE)
    void adjointsOfEveryLeafElementMatchForwardModeAndCentralDifferences(@ForAll long seed) {
        RandomProgram p = RandomProgram.generate(seed, 3);
        Leaves leaves = p.leaves();
        Random r = new Random(seed * 31 + 7);
        ReverseMode reverse = new ReverseMode(p.graph());
        boolean named = r.nextBoolean();
        Expr function = named ? p.access() : p.body();
        boolean viaDiff = r.nextBoolean();
        Adjoints adjoints = viaDiff ? null : reverse.adjoints(function);
        List<Expr> gradients = new ArrayList<>();
        List<List<Index>> over = new ArrayList<>();
        for (Tensor leaf : leaves.all()) {
            List<Index> at = slots(leaf);
            over.add(at);
            if (viaDiff) {
                gradients.add(reverse.expand(Ir.diff(function, leaf, at)));
            } else {
                Tensor adjoint = adjoints.byVariable().get(leaf);
                gradients.add(adjoint == null ? Ir.ZERO : Ir.access(adjoint, at));
            }
        }
        int checked = 0;
        for (int point = 0; point < 3; point++) {
            Instance at = Points.random(r, leaves.dims(), leaves.all(), 4, 1.5);
            if (compareAt(p, at, gradients, over)) {
                checked++;
            }
        }
        Statistics.collect(checked > 0 ? "checked" : "every point too large or at a kink");
        Assume.that(checked > 0);
    }

    /** Compares at one point; false when the point is unusable (overflow, near a kink). */
    private static boolean compareAt(RandomProgram p, Instance at, List<Expr> gradients, List<List<Index>> over) {
        Graph g = p.graph();
        Evaluator.Value f = Points.scalar(g, at, p.access());
        if (!f.allFinite() || Math.abs(f.values()[0]) > LARGEST) {
            return false;
        }
        List<Parameter> params = new ArrayList<>();
        for (Tensor leaf : p.leaves().all()) {
            for (int k = 0; k < at.elements(leaf.shape()); k++) {
                params.add(new Parameter(leaf, k));
            }
        }
        DualInterpreter dual = new DualInterpreter(g, at, params, 1);
        DerivativeStructure oracle = dual.evaluate(p.access());
        if (dual.closestKink() < KINK_MARGIN) {
            return false;
        }
        int param = 0;
        for (int n = 0; n < gradients.size(); n++) {
            Tensor leaf = p.leaves().all().get(n);
            Evaluator.Value symbolic = new Evaluator(g, at).evaluate(gradients.get(n), over.get(n));
            for (int k = 0; k < symbolic.size(); k++, param++) {
                int[] orders = new int[params.size()];
                orders[param] = 1;
                double s = symbolic.values()[k];
                double e = symbolic.errors()[k];
                double ds = oracle.getPartialDerivative(orders);
                if (!Double.isFinite(s) || !Double.isFinite(ds) || Math.abs(ds) > LARGEST) {
                    return false;
                }
                if (Math.abs(s - ds) > 1e-9 * Math.max(Math.abs(s), Math.abs(ds)) + 8 * e + 1e-12) {
                    fail(report("DerivativeStructure", p, at, leaf, k, s, e, ds, gradients.get(n)));
                }
                Points.Difference cd = Points.central(g, at, p.access(), leaf, k, 1e-6);
                if (cd.truncation() > 1e-3 * Math.abs(cd.value()) + 1e-6) {
                    // far from the asymptotic regime (a rapidly oscillating F): the quotient is no oracle here
                    continue;
                }
                if (Math.abs(s - cd.value()) > 1e-5 * Math.max(Math.abs(s), Math.abs(cd.value()))
                        + cd.uncertainty() + 1e-7) {
                    fail(report("central differences", p, at, leaf, k, s, e, cd.value(), gradients.get(n)));
                }
            }
        }
        return true;
    }

    @StatisticsReport(onFailureOnly = true)

    @Property(tries = 30, edgeCases = EdgeCasesMode.NONE)
    void secondDerivativesFromNestedDiffsMatchSecondOrderForwardMode(@ForAll long seed) {
        RandomProgram p = RandomProgram.generate(seed, 2);
        Leaves l = p.leaves();
        Random r = new Random(seed * 17 + 3);
        ReverseMode reverse = new ReverseMode(p.graph());
        Index k1 = new Index("k1", l.d);
        Index k2 = new Index("k2", l.d);
        Index k3 = new Index("k3", l.q);
        Expr f = p.access();
        Expr xw = reverse.expand(Ir.diff(Ir.diff(f, l.x, List.of(k1)), l.w, List.of(k2, k3)));
        Expr xx = reverse.expand(Ir.diff(Ir.diff(f, l.x, List.of(k1)), l.x, List.of(k2)));
        Expr cc = reverse.expand(Ir.diff(Ir.diff(f, l.c, List.of()), l.c, List.of()));
        Expr cx = reverse.expand(Ir.diff(Ir.diff(f, l.c, List.of()), l.x, List.of(k2)));
        int checked = 0;
        for (int point = 0; point < 2; point++) {
            Instance at = Points.random(r, l.dims(), l.all(), 3, 1.5);
            Evaluator.Value fv = Points.scalar(p.graph(), at, f);
            if (!fv.allFinite() || Math.abs(fv.values()[0]) > LARGEST) {
                continue;
            }
            List<Parameter> params = new ArrayList<>();
            for (Tensor leaf : l.all()) {
                for (int k = 0; k < at.elements(leaf.shape()); k++) {
                    params.add(new Parameter(leaf, k));
                }
            }
            DualInterpreter dual = new DualInterpreter(p.graph(), at, params, 2);
            DerivativeStructure oracle = dual.evaluate(f);
            if (dual.closestKink() < KINK_MARGIN) {
                continue;
            }
            Evaluator ev = new Evaluator(p.graph(), at);
            int n = at.size(l.d);
            int m = at.size(l.q);
            boolean usable = true;
            Evaluator.Value vxw = ev.evaluate(xw, List.of(k1, k2, k3));
            Evaluator.Value vxx = ev.evaluate(xx, List.of(k1, k2));
            Evaluator.Value vcc = ev.evaluate(cc, List.of());
            Evaluator.Value vcx = ev.evaluate(cx, List.of(k2));
            for (int a = 0; a < n && usable; a++) {
                for (int b = 0; b < n; b++) {
                    for (int c = 0; c < m; c++) {
                        usable &= agree(p, at, "d2F/dx[" + (a + 1) + "]dw[" + (b + 1) + ", " + (c + 1) + "]", vxw,
                                (a * n + b) * m + c, oracle, params, xw,
                                params.indexOf(new Parameter(l.x, a)), params.indexOf(new Parameter(l.w, b * m + c)));
                    }
                    usable &= agree(p, at, "d2F/dx[" + (a + 1) + "]dx[" + (b + 1) + "]", vxx, a * n + b, oracle,
                            params, xx, params.indexOf(new Parameter(l.x, a)), params.indexOf(new Parameter(l.x, b)));
                }
                usable &= agree(p, at, "d2F/dc dx[" + (a + 1) + "]", vcx, a, oracle, params, cx,
                        params.indexOf(new Parameter(l.c, 0)), params.indexOf(new Parameter(l.x, a)));
            }
            usable &= agree(p, at, "d2F/dc2", vcc, 0, oracle, params, cc,
                    params.indexOf(new Parameter(l.c, 0)), params.indexOf(new Parameter(l.c, 0)));
            if (usable) {
                checked++;
            }
        }
        Statistics.collect(checked > 0 ? "checked" : "every point too large or at a kink");
        Assume.that(checked > 0);
    }

    private static boolean agree(RandomProgram p, Instance at, String what, Evaluator.Value symbolic, int k,
                                 DerivativeStructure oracle, List<Parameter> params, Expr expr, int first, int second) {
        int[] orders = new int[params.size()];
        orders[first]++;
        orders[second]++;
        double ds = oracle.getPartialDerivative(orders);
        double s = symbolic.values()[k];
        double e = symbolic.errors()[k];
        if (!Double.isFinite(s) || !Double.isFinite(ds) || Math.abs(ds) > LARGEST) {
            return false;
        }
        if (Math.abs(s - ds) > 1e-8 * Math.max(Math.abs(s), Math.abs(ds)) + 8 * e + 1e-11) {
            fail(what + ": symbolic " + s + " (error bound " + e + ") but DerivativeStructure " + ds + "\n"
                    + describe(p, at) + "expanded: " + expr + "\n" + adjointProgram(p.graph()));
        }
        return true;
    }

    private static List<Index> slots(Tensor leaf) {
        List<Index> out = new ArrayList<>();
        for (int k = 0; k < leaf.rank(); k++) {
            out.add(new Index("a" + (k + 1), leaf.shape().get(k)));
        }
        return out;
    }

    private static String report(String oracle, RandomProgram p, Instance at, Tensor leaf, int offset,
                                 double symbolic, double bound, double expected, Expr gradient) {
        return "d F / d " + leaf + "[offset " + offset + "]: symbolic " + symbolic + " (error bound " + bound
                + ") but " + oracle + " " + expected + "\n" + describe(p, at) + "gradient: " + gradient + "\n"
                + adjointProgram(p.graph());
    }

    static String describe(RandomProgram p, Instance at) {
        StringBuilder s = new StringBuilder("program:\n");
        for (Definition d : p.graph().definitions()) {
            if (!d.tensor().name().startsWith("d")) {
                s.append("  ").append(d).append('\n');
            }
        }
        s.append("sizes ").append(at.sizes()).append('\n');
        for (Tensor t : p.leaves().all()) {
            s.append("  ").append(t).append(" = ").append(Arrays.toString(at.values(t))).append('\n');
        }
        return s.toString();
    }

    private static String adjointProgram(Graph g) {
        StringBuilder s = new StringBuilder("graph definitions:\n");
        for (Definition d : g.definitions()) {
            s.append("  ").append(d).append('\n');
        }
        return s.toString();
    }

}
