package dev.nabla.simplify;

import dev.nabla.ir.Evaluator;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Fn;
import dev.nabla.ir.Index;
import dev.nabla.ir.Instance;
import dev.nabla.ir.Position;
import dev.nabla.ir.Subscript;
import dev.nabla.ir.Tensor;
import dev.nabla.testkit.Choices;
import dev.nabla.testkit.Leaves;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import org.apache.commons.math3.fraction.BigFraction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The smart constructors and the simplifier never change a value: a random raw tree evaluated
 * directly must agree, within both running error bounds, with the same tree built through
 * {@code Ir} and with its simplified form, wherever the raw value is finite.
 */
class SimplifierPropertiesTest {
    private static final List<BigFraction> NUMBERS = List.of(BigFraction.ZERO, BigFraction.ONE, BigFraction.MINUS_ONE,
            BigFraction.TWO, new BigFraction(1, 2), new BigFraction(-3, 2), new BigFraction(1, 3),
            new BigFraction(1, 10), new BigFraction(5));
    private static final List<Double> SPECIAL = List.of(0.0, 1.0, -1.0, 0.5, 2.0);

    private static final Leaves LEAVES = new Leaves();
    private final Leaves leaves = LEAVES;
    private final Index k = new Index("k", leaves.d);
    private final Index l = new Index("l", leaves.q);

    @StatisticsReport(onFailureOnly = true)

    @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
    void simplifyingKeepsEveryFiniteValue(@ForAll long seed) {
        Choices ch = new Choices(seed);
        List<Index> free = ch.chance(0.5) ? List.of(k) : List.of(k, l);
        RawExpr raw = generate(ch, 4, free);
        Expr built = raw.toIr();
        Expr simplified = Simplifier.simplify(built);
        Random r = new Random(seed);
        int compared = 0;
        for (int point = 0; point < 3; point++) {
            Instance at = instance(r);
            List<RawExpr.Approx> expected = raw.evalOver(at, free);
            Evaluator.Value viaIr = new Evaluator(leaves.graph(), at).evaluate(built, free);
            Evaluator.Value viaSimplifier = new Evaluator(leaves.graph(), at).evaluate(simplified, free);
            for (int p = 0; p < expected.size(); p++) {
                RawExpr.Approx e = expected.get(p);
                if (!Double.isFinite(e.value()) || !Double.isFinite(e.error())) {
                    continue;
                }
                compared++;
                if (!RawExpr.agree(e, viaIr, p)) {
                    fail(report("smart constructors", raw, built, at, free, p, e, viaIr));
                }
                if (!RawExpr.agree(e, viaSimplifier, p)) {
                    fail(report("simplifier", raw, simplified, at, free, p, e, viaSimplifier));
                }
            }
        }
        Statistics.collect(compared > 0 ? "compared" : "never finite");
    }

    private String report(String stage, RawExpr raw, Expr e, Instance at, List<Index> free, int p,
                          RawExpr.Approx expected, Evaluator.Value actual) {
        StringBuilder s = new StringBuilder(stage + " changed a value\nraw: " + raw + "\nafter: " + e
                + "\nat " + actual.assignment(p) + " sizes " + at.sizes() + "\n");
        for (Tensor t : leaves.all()) {
            s.append(t).append(" = ").append(Arrays.toString(at.values(t))).append('\n');
        }
        return s + "expected " + expected.value() + " ± " + expected.error() + ", got " + actual.values()[p]
                + " ± " + actual.errors()[p];
    }

    private Instance instance(Random r) {
        Map<dev.nabla.ir.Dim, Integer> sizes = new LinkedHashMap<>();
        sizes.put(leaves.d, 1 + r.nextInt(3));
        sizes.put(leaves.q, 1 + r.nextInt(3));
        Instance at = new Instance(sizes, Map.of());
        for (Tensor t : leaves.all()) {
            double[] v = new double[at.elements(t.shape())];
            for (int n = 0; n < v.length; n++) {
                v[n] = r.nextInt(4) == 0 ? SPECIAL.get(r.nextInt(SPECIAL.size())) : 4 * r.nextDouble() - 2;
            }
            at = at.withValues(t, v);
        }
        return at;
    }

    /** A raw tree whose free indices are among env; sums with deltas are generated on purpose. */
    static RawExpr generate(Choices ch, int depth, List<Index> env) {
        if (depth <= 0 || ch.chance(0.2)) {
            return leaf(ch, env);
        }
        switch (ch.next(12)) {
            case 0: case 1: return new RawExpr.Binary('+', generate(ch, depth - 1, env), generate(ch, depth - 1, env));
            case 2: return new RawExpr.Binary('-', generate(ch, depth - 1, env), generate(ch, depth - 1, env));
            case 3: case 4: return new RawExpr.Binary('*', generate(ch, depth - 1, env), generate(ch, depth - 1, env));
            case 5: return new RawExpr.Binary('/', generate(ch, depth - 1, env), generate(ch, depth - 1, env));
            case 6: {
                RawExpr exponent = ch.chance(0.8)
                        ? new RawExpr.Num(ch.pick(List.of(BigFraction.TWO, new BigFraction(3), BigFraction.MINUS_ONE,
                                new BigFraction(1, 2), new BigFraction(-2), BigFraction.ZERO, new BigFraction(3, 2))))
                        : generate(ch, depth - 2, env);
                return new RawExpr.Binary('^', generate(ch, depth - 1, env), exponent);
            }
            case 7: return new RawExpr.Neg(generate(ch, depth - 1, env));
            case 8: {
                Fn fn = ch.pick(List.of(Fn.EXP, Fn.LOG, Fn.SQRT, Fn.ABS, Fn.SIGN, Fn.STEP, Fn.SIGMOID, Fn.TANH,
                        Fn.RELU, Fn.SOFTPLUS, Fn.SIN, Fn.COS));
                return new RawExpr.Call(fn, generate(ch, depth - 1, env));
            }
            case 9: {
                Index i = dev.nabla.testkit.ExprGen.fresh(env, ch.chance(0.5) ? LEAVES.d : LEAVES.q);
                List<Index> inner = new ArrayList<>(env);
                inner.add(i);
                return new RawExpr.Sum(i, generate(ch, depth - 1, inner));
            }
            default: return deltaSum(ch, depth, env);
        }
    }

    /** {@code sum(i, delta(i, s) * f(i))} or {@code sum(i, f(i) * delta(s, i) + g)}, s an index or a position. */
    private static RawExpr deltaSum(Choices ch, int depth, List<Index> env) {
        Leaves shapes = LEAVES;
        Index i = dev.nabla.testkit.ExprGen.fresh(env, ch.chance(0.5) ? shapes.d : shapes.q);
        List<Subscript> partners = new ArrayList<>();
        partners.add(new Position(1));
        for (Index e : env) {
            if (e.dim().equals(i.dim())) {
                partners.add(e);
            }
        }
        List<Index> inner = new ArrayList<>(env);
        inner.add(i);
        Subscript s = ch.pick(partners);
        RawExpr delta = ch.chance(0.5) ? new RawExpr.Delta(i, s) : new RawExpr.Delta(s, i);
        RawExpr f = generate(ch, depth - 1, inner);
        RawExpr body = ch.chance(0.5) ? new RawExpr.Binary('*', delta, f) : new RawExpr.Binary('*', f, delta);
        if (ch.chance(0.3)) {
            body = new RawExpr.Binary('+', body, generate(ch, depth - 2, inner));
        }
        return new RawExpr.Sum(i, body);
    }

    private static RawExpr leaf(Choices ch, List<Index> env) {
        Leaves shapes = LEAVES;
        switch (ch.next(6)) {
            case 0: return new RawExpr.Num(ch.pick(NUMBERS));
            case 1: return ch.chance(0.3) ? new RawExpr.Size(ch.pick(shapes.dims())) : new RawExpr.Leaf(shapes.c, List.of());
            case 2: case 3: return new RawExpr.Leaf(shapes.x, List.of(subscript(ch, env, shapes.d)));
            default: return new RawExpr.Leaf(shapes.w, List.of(subscript(ch, env, shapes.d), subscript(ch, env, shapes.q)));
        }
    }

    private static Subscript subscript(Choices ch, List<Index> env, dev.nabla.ir.Dim dim) {
        List<Index> fitting = new ArrayList<>();
        for (Index i : env) {
            if (i.dim().equals(dim)) {
                fitting.add(i);
            }
        }
        return fitting.isEmpty() || ch.chance(0.1) ? new Position(1) : ch.pick(fitting);
    }

}
