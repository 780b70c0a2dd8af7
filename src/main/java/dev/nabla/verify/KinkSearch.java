package dev.nabla.verify;

import dev.nabla.ir.Children;
import dev.nabla.ir.Dependencies;
import dev.nabla.ir.Evaluator;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Fn;
import dev.nabla.ir.Graph;
import dev.nabla.ir.Instance;
import dev.nabla.ir.Tensor;
import dev.nabla.sema.ValueDomain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Points next to the kinks and jumps of {@code abs}, {@code sign}, {@code step} and {@code relu},
 * where two sides can differ on a sliver that random points almost never hit: {@code sign(p - 1/2)}
 * against {@code sign(p - 0.500001)}. Along a random line through a sample, each kink's argument is
 * followed to where it changes sign, and the root is found by regula falsi; the points are just
 * beside the roots and the midpoints between neighbouring roots (inside every sliver two kinks
 * bound). Only leaves with an interval domain move; the others keep the sample's values.
 */
final class KinkSearch {
    private static final int SCAN_POINTS = 32;
    /** A root is found to this fraction of the line's length, in at most {@link #ROOT_STEPS} steps. */
    private static final double ROOT_WIDTH = 1e-14;
    private static final int ROOT_STEPS = 60;
    /** Sign changes followed per line: one sliver is enough to refute. */
    private static final int MAX_ROOTS = 6;
    /**
     * Beside a root, as a fraction of the line's length: beyond rounding, so that double precision
     * decides there (the root itself is left to the samples at 0), and inside a narrow sliver.
     */
    private static final double BESIDE = 1e-9;
    private static final int MAX_POINTS = 32;

    private final Graph graph;
    private final List<Expr> arguments;

    private KinkSearch(Graph graph, List<Expr> arguments) {
        this.graph = graph;
        this.arguments = arguments;
    }

    /** The search over the kinks that the roots reach through every definition, or null if they reach none. */
    static KinkSearch of(Graph graph, Expr... roots) {
        List<Expr> bodies = new ArrayList<>(List.of(roots));
        for (Tensor t : Dependencies.of(graph, roots).definitions()) {
            bodies.add(graph.definition(t).body());
        }
        Set<Expr> arguments = new LinkedHashSet<>();
        for (Expr body : bodies) {
            for (Expr e : Children.reachable(body)) {
                if (e instanceof Expr.Call && ((Expr.Call) e).fn().smoothness() != Fn.Smoothness.SMOOTH) {
                    arguments.add(((Expr.Call) e).arg());
                }
            }
        }
        return arguments.isEmpty() ? null : new KinkSearch(graph, new ArrayList<>(arguments));
    }

    /**
     * Instances along one random line through {@code sample}, next to the kinks found on it.
     *
     * @param fixed the leaves whose values must not move (constants with a fixed value)
     */
    List<Instance> along(Instance sample, Map<Tensor, ValueDomain> domains, Set<Tensor> fixed, Random random) {
        Map<Tensor, double[]> direction = new LinkedHashMap<>();
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        for (Map.Entry<Tensor, double[]> leaf : sample.values().entrySet()) {
            ValueDomain domain = domains.getOrDefault(leaf.getKey(), ValueDomain.DEFAULT);
            if (fixed.contains(leaf.getKey()) || domain.isSet()) {
                continue;
            }
            double[] range = RandomChecker.sampledRange(domain);
            double[] x = leaf.getValue();
            double[] d = new double[x.length];
            for (int k = 0; k < x.length; k++) {
                d[k] = random.nextGaussian();
                // where x + s d leaves [range[0], range[1]]
                double a = (range[0] - x[k]) / d[k];
                double b = (range[1] - x[k]) / d[k];
                lo = Math.max(lo, Math.min(a, b));
                hi = Math.min(hi, Math.max(a, b));
            }
            direction.put(leaf.getKey(), d);
        }
        if (direction.isEmpty() || !(lo < hi)) {
            return List.of();
        }
        Line line = new Line(sample, direction, domains, hi - lo);
        TreeSet<Double> roots = new TreeSet<>();
        double[][] previous = null;
        double previousS = lo;
        for (int k = 0; k <= SCAN_POINTS; k++) {
            double s = lo + (hi - lo) * k / SCAN_POINTS;
            double[][] values = line.arguments(s);
            if (values != null && previous != null) {
                for (int a = 0; a < values.length; a++) {
                    for (int p = 0; p < values[a].length && p < previous[a].length; p++) {
                        if (roots.size() >= MAX_ROOTS) {
                            break;
                        } else if (values[a][p] == 0) {
                            roots.add(s);
                        } else if (Math.signum(values[a][p]) * Math.signum(previous[a][p]) < 0) {
                            roots.add(root(line, a, p, previousS, previous[a][p], s, values[a][p]));
                        }
                    }
                }
            }
            if (values != null) {
                previous = values;
                previousS = s;
            }
        }
        List<Double> points = new ArrayList<>();
        Double before = null;
        for (double r : roots) {
            if (before != null) {
                points.add(before + (r - before) / 2);
            }
            points.add(r - BESIDE * (hi - lo));
            points.add(r + BESIDE * (hi - lo));
            before = r;
        }
        List<Instance> out = new ArrayList<>();
        for (double s : points) {
            Instance at = line.at(s);
            if (at != null && out.size() < MAX_POINTS) {
                out.add(at);
            }
        }
        return out;
    }

    /**
     * Where argument {@code a}'s element {@code p} changes sign between {@code s0} and
     * {@code s1}: regula falsi with the Illinois step, which finds the root of an argument
     * linear along the line at once and of a smooth one in a few steps.
     */
    private double root(Line line, int a, int p, double s0, double v0, double s1, double v1) {
        int side = 0;
        for (int k = 0; k < ROOT_STEPS && Math.abs(s1 - s0) > ROOT_WIDTH * Math.abs(line.length); k++) {
            double s = s1 - v1 * (s1 - s0) / (v1 - v0);
            if (!(s > Math.min(s0, s1) && s < Math.max(s0, s1))) {
                s = s0 + (s1 - s0) / 2;
            }
            double[] values = line.argument(a, s);
            if (values == null || p >= values.length || !Double.isFinite(values[p])) {
                break;
            }
            double v = values[p];
            if (v == 0) {
                return s;
            }
            if (Math.signum(v) == Math.signum(v1)) {
                s1 = s;
                v1 = v;
                if (side == -1) {
                    v0 /= 2;
                }
                side = -1;
            } else {
                s0 = s;
                v0 = v;
                if (side == 1) {
                    v1 /= 2;
                }
                side = 1;
            }
        }
        return s0 + (s1 - s0) / 2;
    }

    /** The instances {@code sample + s * direction} on the moving leaves, within their domains. */
    private final class Line {
        private final Instance sample;
        private final Map<Tensor, double[]> direction;
        private final Map<Tensor, ValueDomain> domains;
        private final double length;

        Line(Instance sample, Map<Tensor, double[]> direction, Map<Tensor, ValueDomain> domains, double length) {
            this.sample = sample;
            this.direction = direction;
            this.domains = domains;
            this.length = length;
        }

        /** The instance at s, or null where a value would leave its domain. */
        Instance at(double s) {
            Map<Tensor, double[]> values = new LinkedHashMap<>(sample.values());
            for (Map.Entry<Tensor, double[]> e : direction.entrySet()) {
                double[] x = sample.values().get(e.getKey());
                double[] moved = new double[x.length];
                ValueDomain domain = domains.getOrDefault(e.getKey(), ValueDomain.DEFAULT);
                for (int k = 0; k < x.length; k++) {
                    moved[k] = x[k] + s * e.getValue()[k];
                    if (!domain.contains(moved[k])) {
                        return null;
                    }
                }
                values.put(e.getKey(), moved);
            }
            return new Instance(sample.sizes(), values, sample.exact());
        }

        /** Every kink argument's elements at s, or null where the instance leaves a domain. */
        double[][] arguments(double s) {
            Instance at = at(s);
            if (at == null) {
                return null;
            }
            Evaluator evaluator = new Evaluator(graph, at);
            double[][] out = new double[arguments.size()][];
            for (int a = 0; a < arguments.size(); a++) {
                out[a] = elements(evaluator, a);
            }
            return out;
        }

        /** Kink argument {@code a}'s elements at s, or null where the instance leaves a domain. */
        double[] argument(int a, double s) {
            Instance at = at(s);
            return at == null ? null : elements(new Evaluator(graph, at), a);
        }

        private double[] elements(Evaluator evaluator, int a) {
            Expr arg = arguments.get(a);
            return evaluator.evaluate(arg, new ArrayList<>(arg.freeIndices())).values();
        }
    }
}
