package dev.nabla.verify;

import dev.nabla.ir.Dependencies;
import dev.nabla.ir.Dim;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Graph;
import dev.nabla.ir.Index;
import dev.nabla.ir.Instance;
import dev.nabla.ir.Tensor;
import dev.nabla.sema.ValueDomain;
import org.apache.commons.math3.fraction.BigFraction;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Checks a claim {@code lhs == rhs} at random sizes and values: agreement on every sample is
 * evidence (the verdict {@code tested}), one disagreement refutes it, and the failing sample is
 * shrunk to small sizes and simple values before it is reported.
 *
 * <p>Sizes: sample 0 puts every dim at its lower bound max(1, min); samples 1–3 draw each dim
 * from {lo, lo+1} (all 1s and 2s unless literal positions need more); the rest draw uniformly
 * from [lo, max(maxSize, min)]; where that makes some value too large, dims are halved until it
 * fits ({@link SizeLimit}). Values: see {@link #draw(ValueDomain, Random)}; a {@code const}
 * with a fixed value always has it. Deterministic for a seed.
 */
public final class RandomChecker {

    /** How many samples, how large a dim may get, and the seed. */
    public record Settings(int samples, int maxSize, long seed) {
        public static final int DEFAULT_SAMPLES = 100;
        public static final int DEFAULT_MAX_SIZE = 5;

        public Settings {
            if (samples < 0 || maxSize < 1) {
                throw new IllegalArgumentException("samples must be >= 0 and maxSize >= 1");
            }
        }

        public static Settings defaults(long seed) {
            return new Settings(DEFAULT_SAMPLES, DEFAULT_MAX_SIZE, seed);
        }
    }

    /** Samples 1..SMALL_SAMPLES keep every dim at its lower bound or one more. */
    private static final int SMALL_SAMPLES = 3;
    /** Width of the sampled range on the open side of a half-bounded domain. */
    private static final double HALF_LINE_WIDTH = 4;
    /** How often a closed end of an interval is drawn exactly. */
    private static final double ENDPOINT_PROBABILITY = 0.05;
    private static final int SHRINK_ROUNDS = 10;
    /** Agreeing samples compared again in high precision, every element, before a claim counts as tested. */
    private static final int CONFIRMED_SAMPLES = 3;
    /** Extra samples, beyond {@link Settings#samples}, that put leaves at 0 to reach the kinks. */
    private static final int KINK_SAMPLES = 10;
    /** Random lines along which {@link KinkSearch} looks for the kinks, beyond {@link Settings#samples}. */
    private static final int KINK_LINES = 2;
    private static final double KINK_ZERO_PROBABILITY = 0.5;
    /** Shrinking tries these values first, in this order; rounding the value comes after them. */
    private static final double[] SIMPLE_VALUES = {0, 1, -1, 0.5, 2};

    private final Graph graph;
    private final Map<Tensor, ValueDomain> domains;
    private final Map<Tensor, BigFraction> fixed;
    private final Map<Dim, Integer> minSizes;
    /** The largest size of a dim where it is pinned below {@link Settings#maxSize} (see {@link #withSizes}). */
    private final Map<Dim, Integer> maxSizes;
    private final Settings settings;

    /**
     * @param domains  each leaf's domain; a leaf without one gets {@link ValueDomain#DEFAULT}
     * @param fixed    the exact values of {@code const}s declared with one
     * @param minSizes the smallest size of a dim that literal positions allow
     */
    public RandomChecker(Graph graph, Map<Tensor, ValueDomain> domains, Map<Tensor, BigFraction> fixed,
                         Map<Dim, Integer> minSizes, Settings settings) {
        this.graph = graph;
        this.domains = Map.copyOf(domains);
        this.fixed = Map.copyOf(fixed);
        this.minSizes = Map.copyOf(minSizes);
        this.maxSizes = Map.of();
        this.settings = settings;
    }

    private RandomChecker(RandomChecker base, Map<Dim, Integer> minSizes, Map<Dim, Integer> maxSizes) {
        this.graph = base.graph;
        this.domains = base.domains;
        this.fixed = base.fixed;
        this.minSizes = Map.copyOf(minSizes);
        this.maxSizes = Map.copyOf(maxSizes);
        this.settings = base.settings;
    }

    /**
     * The same checker with dim d drawn from [lo, hi] only (hi at least lo; {@code Integer.MAX_VALUE}
     * for the usual upper bound), to ask whether a claim holds at some sizes only. Null where the
     * literal positions need d larger than hi.
     */
    /** The largest size drawn for a dim. */
    int maxSize() {
        return settings.maxSize();
    }

    RandomChecker withSizes(Dim d, int lo, int hi) {
        if (lowerBound(d) > hi) {
            return null;
        }
        Map<Dim, Integer> min = new java.util.HashMap<>(minSizes);
        min.put(d, Math.max(lo, lowerBound(d)));
        Map<Dim, Integer> max = new java.util.HashMap<>(maxSizes);
        max.put(d, hi);
        return new RandomChecker(this, min, max);
    }

    /**
     * Checks {@code lhs == rhs} at every assignment of {@code free}, on each sample.
     *
     * @param asWritten the sides as the user wrote them (before {@code diff} was expanded): the
     *                  leaves they reach are part of the claim and of its counterexample, even
     *                  where a derivative happens not to read them
     */
    public Outcome check(Expr lhs, Expr rhs, List<Index> free, Expr... asWritten) {
        return check(lhs, rhs, free, List.of(), asWritten);
    }

    /**
     * @param guards the partial operations of the sides as written (see {@link Judge}): a sample
     *               where one is undefined is skipped, even where simplification folded it away
     */
    public Outcome check(Expr lhs, Expr rhs, List<Index> free, Collection<Expr> guards, Expr... asWritten) {
        List<Expr> all = new ArrayList<>(List.of(asWritten));
        all.add(lhs);
        all.add(rhs);
        // the guards are evaluated too: a dim only they still mention must have a size
        all.addAll(guards);
        Expr[] roots = all.toArray(Expr[]::new);
        Dependencies reached = Dependencies.of(graph, roots);
        // a free index may only broadcast, but its dim is still part of the claim
        Set<Dim> involvedDims = new LinkedHashSet<>(reached.dims());
        for (Index i : free) {
            involvedDims.add(i.dim());
        }
        Dependencies involved = new Dependencies(reached.leaves(), involvedDims, reached.definitions());
        List<Dim> dims = new ArrayList<>(allDims(involved));
        List<Tensor> leaves = new ArrayList<>(allLeaves(involved));
        SizeLimit limit = sizeLimit(leaves, lhs, rhs, free, guards);
        Random random = new Random(settings.seed());
        int compared = 0;
        int skipped = 0;
        int undecidable = 0;
        String reason = null;
        double worst = 0;
        int roundingZeros = 0;
        List<Instance> toConfirm = new ArrayList<>();
        for (int s = 0; s < settings.samples(); s++) {
            Instance sample = drawInstance(sizesFor(s, dims, random, limit), leaves, random, 0);
            Judge.Judgement j = Judge.judge(graph, sample, lhs, rhs, free, guards, 0, false);
            switch (j.kind()) {
                case REFUTED:
                    return refuted(sample, new Claim(lhs, rhs, free, guards, false), involved);
                case UNDEFINED:
                    skipped++;
                    reason = reason == null ? j.why() : reason;
                    break;
                case UNDECIDABLE:
                    undecidable++;
                    reason = reason == null ? j.why() : reason;
                    break;
                default:
                    compared++;
                    worst = Math.max(worst, j.largestRelativeError());
                    roundingZeros += j.roundingZeros();
                    if (toConfirm.size() < CONFIRMED_SAMPLES) {
                        toConfirm.add(sample);
                    }
            }
        }
        KinkSearch kinks = KinkSearch.of(graph, roots);
        if (kinks != null) {
            // a claim may differ only at a kink (relu'(0) = 0, step(0) = 1) or on a sliver beside one,
            // where random points never land; these points may refute, but a pass never rests on them
            List<Instance> atKinks = new ArrayList<>();
            for (int s = 0; s < KINK_SAMPLES; s++) {
                atKinks.add(drawInstance(sizesFor(s, dims, random, limit), leaves, random, KINK_ZERO_PROBABILITY));
            }
            for (int line = 0; line < KINK_LINES; line++) {
                Instance through = drawInstance(sizesFor(line + 1, dims, random, limit), leaves, random, 0);
                atKinks.addAll(kinks.along(through, domains, fixed.keySet(), random));
            }
            for (Instance sample : atKinks) {
                if (Judge.judge(graph, sample, lhs, rhs, free, guards, 0, false).kind() == Judge.Kind.REFUTED) {
                    return refuted(sample, new Claim(lhs, rhs, free, guards, false), involved);
                }
            }
        }
        // differences below double precision's resolution show only in high precision
        Claim confirmed = new Claim(lhs, rhs, free, guards, true);
        for (Instance sample : toConfirm) {
            if (failure(sample, confirmed) != null) {
                return refuted(sample, confirmed, involved);
            }
        }
        return compared == 0 ? new Outcome.Undecided(skipped, undecidable, reason)
                : new Outcome.Agreed(compared, skipped, undecidable, worst, reason, roundingZeros);
    }

    /**
     * Why {@code lhs == rhs} cannot be checked within {@link dev.nabla.sema.Limits#MAX_ELEMENTS}
     * elements per tensor even at the smallest sizes the file's literal positions allow; null if it can
     * (larger sizes drawn are then cut down to fit).
     */
    public String tooLarge(Expr lhs, Expr rhs, List<Index> free, Collection<Expr> guards) {
        List<Tensor> leaves = new ArrayList<>();
        for (Tensor t : graph.tensors()) {
            if (t.isLeaf()) {
                leaves.add(t);
            }
        }
        return sizeLimit(leaves, lhs, rhs, free, guards).excess(this::lowerBound,
                "the smallest sizes the literal positions in this file allow");
    }

    /** What one sample evaluates: the guards, then both sides. */
    private SizeLimit sizeLimit(List<Tensor> leaves, Expr lhs, Expr rhs, List<Index> free, Collection<Expr> guards) {
        List<Expr> roots = new ArrayList<>(guards);
        roots.add(lhs);
        roots.add(rhs);
        return SizeLimit.of(graph, leaves, free, roots.toArray(Expr[]::new));
    }

    private Outcome refuted(Instance sample, Claim claim, Dependencies involved) {
        return new Outcome.Refuted(counterexample(shrink(sample, claim, involved), claim, involved));
    }

    /** @param everyElement whether every element is compared in high precision (see {@link Judge}) */
    private record Claim(Expr lhs, Expr rhs, List<Index> free, Collection<Expr> guards, boolean everyElement) {
    }

    /** Where the claim fails at an instance, or null where it holds, is undefined or cannot be decided. */
    private Judge.Judgement failure(Instance instance, Claim claim) {
        Judge.Judgement j = Judge.judge(graph, instance, claim.lhs(), claim.rhs(), claim.free(), claim.guards(), 0,
                claim.everyElement());
        return j.kind() == Judge.Kind.REFUTED ? j : null;
    }

    // ---- sampling -------------------------------------------------------------------------

    /** The graph's dims in declaration order, then any others the claim or the minimum sizes name. */
    private Set<Dim> allDims(Dependencies involved) {
        Set<Dim> dims = new LinkedHashSet<>();
        for (Tensor t : graph.tensors()) {
            dims.addAll(t.shape());
        }
        dims.addAll(involved.dims());
        dims.addAll(minSizes.keySet());
        return dims;
    }

    private Set<Tensor> allLeaves(Dependencies involved) {
        Set<Tensor> leaves = new LinkedHashSet<>();
        for (Tensor t : graph.tensors()) {
            if (t.isLeaf()) {
                leaves.add(t);
            }
        }
        leaves.addAll(involved.leaves());
        return leaves;
    }

    private int lowerBound(Dim d) {
        return Math.max(1, minSizes.getOrDefault(d, 1));
    }

    private int upperBound(Dim d) {
        int usual = Math.max(settings.maxSize(), minSizes.getOrDefault(d, 1));
        return Math.max(lowerBound(d), Math.min(usual, maxSizes.getOrDefault(d, usual)));
    }

    /** One sample's sizes, cut down where they would make some value too large to evaluate. */
    private Map<Dim, Integer> sizesFor(int sample, List<Dim> dims, Random random, SizeLimit limit) {
        Map<Dim, Integer> sizes = new LinkedHashMap<>();
        for (Dim d : dims) {
            int lo = lowerBound(d);
            int hi = sample == 0 ? lo : sample <= SMALL_SAMPLES ? Math.min(upperBound(d), lo + 1) : upperBound(d);
            sizes.put(d, lo + random.nextInt(hi - lo + 1));
        }
        Map<Dim, Integer> fitted = limit.fit(sizes, this::lowerBound);
        if (fitted == null) {
            throw new IllegalStateException("sizes beyond the size limit even at their lower bounds: "
                    + limit.excess(this::lowerBound, "the lower bounds"));
        }
        return fitted;
    }

    /** Values drawn from each leaf's domain, each element 0 with probability {@code zero} where the domain holds 0. */
    private Instance drawInstance(Map<Dim, Integer> sizes, List<Tensor> leaves, Random random, double zero) {
        Instance shapes = new Instance(sizes, Map.of());
        Map<Tensor, double[]> values = new LinkedHashMap<>();
        Map<Tensor, BigFraction> exact = new LinkedHashMap<>();
        for (Tensor leaf : leaves) {
            double[] v = new double[shapes.elements(leaf.shape())];
            BigFraction c = fixed.get(leaf);
            if (c != null) {
                exact.put(leaf, c);
            }
            for (int k = 0; k < v.length; k++) {
                boolean zeroed = c == null && zero > 0 && domainOf(leaf).contains(0) && random.nextDouble() < zero;
                v[k] = c != null ? c.doubleValue() : zeroed ? 0 : draw(domainOf(leaf), random);
            }
            values.put(leaf, v);
        }
        return new Instance(sizes, values, exact);
    }

    private ValueDomain domainOf(Tensor leaf) {
        return domains.getOrDefault(leaf, ValueDomain.DEFAULT);
    }

    /**
     * One value from a domain. A finite set: uniformly one of its elements. An interval: each
     * closed end exactly with probability {@value #ENDPOINT_PROBABILITY}, else uniformly inside;
     * an unbounded side is cut to {@value #HALF_LINE_WIDTH} beyond the bound ({@code > a} samples
     * (a, a+4], {@code < a} samples [a−4, a)), or to a few representable doubles beyond it where
     * 4 is below the bound's precision ({@code > 1e17}), and an interval unbounded on both sides
     * is sampled as {@link ValueDomain#DEFAULT}. Never a value outside the domain.
     */
    public static double draw(ValueDomain domain, Random random) {
        if (domain.isSet()) {
            if (domain.values().isEmpty()) {
                throw new IllegalArgumentException("empty domain " + domain);
            }
            return domain.values().get(random.nextInt(domain.values().size()));
        }
        double lo = domain.lo();
        double hi = domain.hi();
        if (Double.isInfinite(lo) && Double.isInfinite(hi)) {
            return draw(ValueDomain.DEFAULT, random);
        }
        if (domain.loClosed() && Double.isFinite(lo) && random.nextDouble() < ENDPOINT_PROBABILITY) {
            return lo;
        }
        if (domain.hiClosed() && Double.isFinite(hi) && random.nextDouble() < ENDPOINT_PROBABILITY) {
            return hi;
        }
        double[] range = sampledRange(domain);
        double from = range[0];
        double to = range[1];
        for (int attempt = 0; attempt < 100; attempt++) {
            // 1 − u lies in (0, 1]: the unbounded side's cut-off end is reachable, the bound is not
            double u = 1 - random.nextDouble();
            double v = Double.isInfinite(lo) ? between(to, from, u) : between(from, to, u);
            if (domain.contains(v)) {
                return v;
            }
        }
        // so narrow that rounding keeps missing it: the first double inside, which sema made sure exists
        for (double v : new double[] {from, Math.nextUp(from), to, Math.nextDown(to)}) {
            if (domain.contains(v)) {
                return v;
            }
        }
        throw new IllegalArgumentException("cannot draw a value from " + domain);
    }

    /**
     * The part of an interval domain that is sampled: the interval itself where it is bounded, a
     * half-line cut {@link #HALF_LINE_WIDTH} beyond its bound, and {@link ValueDomain#DEFAULT} for
     * the whole line.
     */
    static double[] sampledRange(ValueDomain domain) {
        double lo = domain.lo();
        double hi = domain.hi();
        if (Double.isInfinite(lo) && Double.isInfinite(hi)) {
            return sampledRange(ValueDomain.DEFAULT);
        }
        return new double[] {Double.isInfinite(lo) ? Math.max(-Double.MAX_VALUE, hi - halfLineWidth(hi)) : lo,
                Double.isInfinite(hi) ? Math.min(Double.MAX_VALUE, lo + halfLineWidth(lo)) : hi};
    }

    /** The width of the sampled part of a half-line: 4, or 16 ulps where 4 is not even one. */
    private static double halfLineWidth(double bound) {
        return Math.max(HALF_LINE_WIDTH, 16 * Math.ulp(bound));
    }

    /** The point a fraction u of the way from a to b, without overflow where b − a exceeds the double range. */
    private static double between(double a, double b, double u) {
        double width = b - a;
        return Double.isInfinite(width) ? a * (1 - u) + b * u : a + width * u;
    }

    // ---- shrinking ------------------------------------------------------------------------

    /**
     * Makes a failing instance smaller while the claim still fails there: each involved dim
     * towards its lower bound (dropping the trailing elements of every leaf over it), then each
     * value of each involved leaf towards a simpler one, until a round changes nothing.
     */
    private Instance shrink(Instance failing, Claim claim, Dependencies involved) {
        Instance current = failing;
        for (int round = 0; round < SHRINK_ROUNDS; round++) {
            boolean progress = false;
            for (Dim d : involved.dims()) {
                for (int n = lowerBound(d); n < current.size(d); n++) {
                    Instance smaller = resized(current, d, n);
                    if (failure(smaller, claim) != null) {
                        current = smaller;
                        progress = true;
                        break;
                    }
                }
            }
            for (Tensor leaf : involved.leaves()) {
                if (fixed.containsKey(leaf)) {
                    continue;
                }
                for (int k = 0; k < current.values(leaf).length; k++) {
                    for (double simpler : simplerValues(current.values(leaf)[k], domainOf(leaf))) {
                        double[] changed = current.values(leaf).clone();
                        changed[k] = simpler;
                        Instance candidate = current.withValues(leaf, changed);
                        if (failure(candidate, claim) != null) {
                            current = candidate;
                            progress = true;
                            break;
                        }
                    }
                }
            }
            if (!progress) {
                break;
            }
        }
        return current;
    }

    /** The simple values shrinking tries, simplest first, that lie in the domain. */
    public static List<Double> simpleValues(ValueDomain domain) {
        List<Double> out = new ArrayList<>();
        for (double s : SIMPLE_VALUES) {
            if (domain.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    /** Candidates simpler than v, simplest first: those of {@link #SIMPLE_VALUES} before v, then v rounded. */
    static List<Double> simplerValues(double v, ValueDomain domain) {
        List<Double> out = new ArrayList<>();
        boolean simple = false;
        for (double s : SIMPLE_VALUES) {
            if (s == v) {
                simple = true;
                break;
            }
            out.add(s);
        }
        if (!simple) {
            for (double scale : new double[] {10, 100}) {
                double rounded = Math.round(v * scale) / scale;
                if (rounded != v && !out.contains(rounded)) {
                    out.add(rounded);
                }
            }
        }
        out.removeIf(c -> !domain.contains(c));
        return out;
    }

    /** The instance with dim d at the smaller size n: every leaf over d keeps its leading block. */
    private Instance resized(Instance instance, Dim d, int n) {
        Instance result = instance.withSize(d, n);
        for (Map.Entry<Tensor, double[]> e : instance.values().entrySet()) {
            Tensor leaf = e.getKey();
            if (leaf.shape().contains(d)) {
                result = result.withValues(leaf, leadingBlock(e.getValue(), sizesOf(leaf, instance),
                        sizesOf(leaf, result)));
            }
        }
        return result;
    }

    private static int[] sizesOf(Tensor leaf, Instance instance) {
        int[] sizes = new int[leaf.rank()];
        for (int k = 0; k < sizes.length; k++) {
            sizes[k] = instance.size(leaf.shape().get(k));
        }
        return sizes;
    }

    /** The elements of a row-major array whose every coordinate is within the smaller sizes. */
    private static double[] leadingBlock(double[] values, int[] from, int[] to) {
        int n = 1;
        for (int s : to) {
            n *= s;
        }
        double[] out = new double[n];
        int[] coordinate = new int[to.length];
        for (int p = 0; p < n; p++) {
            int offset = 0;
            for (int k = 0; k < to.length; k++) {
                offset = offset * from[k] + coordinate[k];
            }
            out[p] = values[offset];
            for (int k = to.length - 1; k >= 0; k--) {
                if (++coordinate[k] < to[k]) {
                    break;
                }
                coordinate[k] = 0;
            }
        }
        return out;
    }

    private Counterexample counterexample(Instance instance, Claim claim, Dependencies involved) {
        Judge.Judgement f = failure(instance, claim);
        Map<Dim, Integer> sizes = new LinkedHashMap<>();
        for (Dim d : allDims(involved)) {
            if (involved.dims().contains(d)) {
                sizes.put(d, instance.size(d));
            }
        }
        Map<Tensor, double[]> values = new LinkedHashMap<>();
        Map<Tensor, Double> constants = new LinkedHashMap<>();
        for (Tensor leaf : allLeaves(involved)) {
            if (!involved.leaves().contains(leaf)) {
                continue;
            }
            if (fixed.containsKey(leaf)) {
                constants.put(leaf, fixed.get(leaf).doubleValue());
            } else {
                values.put(leaf, instance.values(leaf));
            }
        }
        return new Counterexample(sizes, values, constants, f.at(), f.lhs(), f.rhs(), f.lhsText(), f.rhsText());
    }
}
