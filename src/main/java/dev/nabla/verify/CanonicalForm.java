package dev.nabla.verify;

import dev.nabla.ir.Definition;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Fn;
import dev.nabla.ir.Graph;
import dev.nabla.ir.Index;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Order;
import dev.nabla.ir.Subscript;
import dev.nabla.ir.Substitution;
import dev.nabla.ir.Tensor;
import org.apache.commons.math3.fraction.BigFraction;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A canonical form for proofs that hold for every size: every definition inlined down to the
 * leaves, products multiplied out, and each term put in prenex form
 * {@code c * sum(b1, b2, ..., f1^k1 * f2^k2 ...)} with deltas on bound indices eliminated and
 * bound indices renamed canonically. Functions, non-integer powers and the like are atoms
 * whose arguments are canonical in turn. Two expressions with the same canonical form are equal
 * wherever both are defined, for all sizes; different forms prove nothing (the form is not
 * complete), so the verifier then tests. A definition the {@code inlined} predicate rejects stays
 * an atom, its access with its subscripts: it stands for the same value on both sides, being a
 * function of its subscripts (and the leaves, the same for both), so a form that reaches 0 with
 * it proves as much ({@link LazyUnfolding} chooses what to inline).
 */
public final class CanonicalForm {
    /** Past this many terms a form is abandoned: multiplying out can grow exponentially. */
    static final int TERM_LIMIT = 4000;
    /**
     * Past this much work in one proof attempt (terms normalized, factors rewritten to name
     * bound indices), the attempt is abandoned and the testing verdict stands, rather than a
     * check taking tens of seconds. The bundled derivations need at most about 1000.
     */
    static final long WORK_LIMIT = 50_000;
    /** Integer powers of sums up to this are multiplied out; larger ones stay atoms, exponent exact. */
    private static final int POWER_LIMIT = 12;
    /** Powers of sums that met in one term ({@code (1+c)^12 * (1+c)^12}) are multiplied out up to this. */
    private static final int EXPANDED_POWER_LIMIT = 4 * POWER_LIMIT;
    /** {@code (c * x)^n} folds {@code c^n} only up to this n, which keeps coefficients small. */
    private static final int COEFFICIENT_POWER_LIMIT = 1024;

    private final Graph graph;
    private final Map<Tensor, BigFraction> fixed;
    private final Predicate<Tensor> inlined;
    private final Map<Expr, Poly> memo = new IdentityHashMap<>();
    private final Map<Expr, Expr> atomMemo = new IdentityHashMap<>();
    private int fresh;
    private final Map<Expr, Integer> deepestMemo = new IdentityHashMap<>();
    /** Terms normalized in the current proof attempt. */
    private long work;

    public CanonicalForm(Graph graph) {
        this(graph, Map.of());
    }

    /** @param fixed the exact values of {@code const}s declared with one, which are numbers here */
    public CanonicalForm(Graph graph, Map<Tensor, BigFraction> fixed) {
        this(graph, fixed, t -> true);
    }

    /** @param inlined which defined tensors are inlined; the others are atoms */
    public CanonicalForm(Graph graph, Map<Tensor, BigFraction> fixed, Predicate<Tensor> inlined) {
        this.graph = graph;
        this.fixed = Map.copyOf(fixed);
        this.inlined = inlined;
    }

    /** The canonical form, or empty when it grew past the limit. */
    public Optional<Expr> of(Expr e) {
        work = 0;
        try {
            return Optional.of(expr(poly(e)));
        } catch (TooLarge tooLarge) {
            return Optional.empty();
        }
    }

    /** The work the last {@link #of} spent, against {@link #WORK_LIMIT}. */
    long work() {
        return work;
    }

    /** Whether a and b reach the same canonical form, which proves them equal for all sizes. */
    public boolean provesEqual(Expr a, Expr b) {
        Optional<Expr> difference = of(Ir.sub(a, b));
        return difference.isPresent() && difference.get() == Ir.ZERO;
    }

    private static final class TooLarge extends RuntimeException {
        TooLarge() {
            super(null, null, false, false);
        }
    }

    /** A term's structure: bound indices and factor exponents (coefficients live in {@link Poly}). */
    private static final class Monomial {
        final List<Index> bound;
        final Map<Expr, BigFraction> factors;

        Monomial(List<Index> bound, Map<Expr, BigFraction> factors) {
            this.bound = bound;
            this.factors = factors;
        }

        static final Monomial ONE = new Monomial(List.of(), Map.of());
    }

    /** A sum of monomials with rational coefficients; keys are canonical Exprs of the monomials. */
    private static final class Poly {
        final Map<Expr, BigFraction> coefficients = new LinkedHashMap<>();
        final Map<Expr, Monomial> monomials = new LinkedHashMap<>();
    }

    // ---- building ---------------------------------------------------------------------

    private Poly poly(Expr e) {
        Poly done = memo.get(e);
        if (done == null) {
            done = build(e);
            memo.put(e, done);
        }
        return done;
    }

    private Poly build(Expr e) {
        if (e instanceof Expr.Const) {
            Poly p = new Poly();
            add(p, Monomial.ONE, ((Expr.Const) e).value());
            return p;
        }
        if (e instanceof Expr.Access) {
            Expr.Access a = (Expr.Access) e;
            Definition d = graph.definition(a.tensor());
            if (d != null) {
                return inlined.test(a.tensor()) ? poly(d.at(a.subscripts())) : atom(e);
            }
            BigFraction value = fixed.get(a.tensor());
            return value != null ? poly(Ir.constant(value)) : atom(e);
        }
        if (e instanceof Expr.DimSize || e instanceof Expr.Delta) {
            return atom(e);
        }
        if (e instanceof Expr.Add) {
            Poly p = new Poly();
            for (Expr t : ((Expr.Add) e).terms()) {
                addAll(p, poly(t), BigFraction.ONE);
            }
            return p;
        }
        if (e instanceof Expr.Mul) {
            Poly p = poly(Ir.ONE);
            for (Expr f : ((Expr.Mul) e).factors()) {
                p = times(p, poly(f));
            }
            return p;
        }
        if (e instanceof Expr.Pow) {
            return power((Expr.Pow) e);
        }
        if (e instanceof Expr.Call) {
            Expr.Call c = (Expr.Call) e;
            return call(c.fn(), expr(poly(c.arg())));
        }
        if (e instanceof Expr.Sum) {
            return sum((Expr.Sum) e);
        }
        throw new IllegalStateException("canonical form met an unexpanded node: " + e);
    }

    private Poly atom(Expr e) {
        Map<Expr, BigFraction> f = new LinkedHashMap<>();
        f.put(e, BigFraction.ONE);
        Poly p = new Poly();
        add(p, normalize(new Monomial(List.of(), f)), BigFraction.ONE);
        return p;
    }

    /**
     * A call as an atom, with the sign of its argument normalized for odd and even functions
     * ({@code sign(y - o) = -sign(o - y)}, {@code abs(y - o) = abs(o - y)}), so that which
     * way round a difference is written does not matter.
     */
    private Poly call(Fn fn, Expr arg) {
        boolean odd = fn.parity() == Fn.Parity.ODD;
        boolean even = fn.parity() == Fn.Parity.EVEN;
        if ((odd || even) && leadsNegative(arg)) {
            Poly flipped = atom(Ir.call(fn, expr(poly(Ir.neg(arg)))));
            if (odd) {
                Poly negated = new Poly();
                addAll(negated, flipped, BigFraction.MINUS_ONE);
                return negated;
            }
            return flipped;
        }
        return atom(Ir.call(fn, arg));
    }

    /** Whether the first term of a canonical expression has a negative coefficient. */
    private static boolean leadsNegative(Expr e) {
        Expr first = e instanceof Expr.Add ? ((Expr.Add) e).terms().get(0) : e;
        return Ir.coefficientOf(first).compareTo(BigFraction.ZERO) < 0;
    }

    private Poly power(Expr.Pow p) {
        Poly base = poly(p.base());
        if (p.exponent() instanceof Expr.Const) {
            BigFraction n = ((Expr.Const) p.exponent()).value();
            boolean integer = n.getDenominator().equals(BigInteger.ONE);
            boolean small = n.abs().compareTo(new BigFraction(POWER_LIMIT)) <= 0;
            if (integer && base.monomials.size() > 1 && small) {
                // kept as a power until the form is complete, so that (1 + c)^3 and (1 + c)^-2
                // in one term meet as (1 + c) before anything is multiplied out
                Map<Expr, BigFraction> f = new LinkedHashMap<>();
                f.put(expr(base), n);
                Poly r = new Poly();
                add(r, normalize(new Monomial(List.of(), f)), BigFraction.ONE);
                return r;
            }
            if (integer && n.compareTo(BigFraction.ZERO) > 0 && small) {
                // one term, perhaps a sum: (sum(i, x[i]))^2 = sum(i, k, x[i] * x[k])
                Poly r = poly(Ir.ONE);
                for (int k = 0; k < n.intValue(); k++) {
                    r = times(r, base);
                }
                return r;
            }
            if (base.monomials.size() == 1) {
                Map.Entry<Expr, Monomial> only = base.monomials.entrySet().iterator().next();
                Monomial m = only.getValue();
                BigFraction c = base.coefficients.get(only.getKey());
                if (m.bound.isEmpty() && integer && n.abs().compareTo(new BigFraction(COEFFICIENT_POWER_LIMIT)) <= 0) {
                    // (c * x^a * y^b)^n = c^n * x^(a n) * y^(b n) for integer n
                    Map<Expr, BigFraction> f = new LinkedHashMap<>();
                    for (Map.Entry<Expr, BigFraction> x : m.factors.entrySet()) {
                        f.put(x.getKey(), x.getValue().multiply(n));
                    }
                    Poly r = new Poly();
                    BigFraction cn = pow(c, n.intValue());
                    if (cn != null) {
                        add(r, normalize(new Monomial(List.of(), f)), cn);
                        return r;
                    }
                }
            }
        }
        return atom(Ir.pow(expr(base), expr(poly(p.exponent()))));
    }

    private static BigFraction pow(BigFraction c, int n) {
        if (c.equals(BigFraction.ZERO) && n < 0) {
            return null;
        }
        return n >= 0 ? c.pow(n) : c.reciprocal().pow(-n);
    }

    private Poly sum(Expr.Sum s) {
        Index bound = freshLike(s.index());
        Poly body = poly(Substitution.rename(s.body(), s.index(), bound));
        Poly r = new Poly();
        for (Map.Entry<Expr, Monomial> e : body.monomials.entrySet()) {
            Monomial m = e.getValue();
            BigFraction c = body.coefficients.get(e.getKey());
            if (mentions(m, bound)) {
                List<Index> b = new ArrayList<>(m.bound);
                b.add(bound);
                add(r, normalize(new Monomial(b, m.factors)), c);
            } else {
                Map<Expr, BigFraction> f = new LinkedHashMap<>(m.factors);
                f.merge(Ir.dimSize(s.index().dim()), BigFraction.ONE, BigFraction::add);
                add(r, normalize(new Monomial(m.bound, f)), c);
            }
        }
        return r;
    }

    /** Counts work against the attempt's budget: terms normalized and factors rewritten or renamed. */
    private void charge(long units) {
        work += units;
        if (work > WORK_LIMIT) {
            throw new TooLarge();
        }
    }

    /** A temporary bound index; its name cannot clash with canonical ones ({@code #n}) or the user's. */
    private Index freshLike(Index i) {
        return new Index("%t" + (fresh++), i.dim());
    }

    private static boolean mentions(Monomial m, Index i) {
        for (Expr f : m.factors.keySet()) {
            if (f.freeIndices().contains(i)) {
                return true;
            }
        }
        return false;
    }

    private Poly times(Poly a, Poly b) {
        Poly r = new Poly();
        if ((long) a.monomials.size() * b.monomials.size() > TERM_LIMIT) {
            throw new TooLarge();
        }
        for (Map.Entry<Expr, Monomial> x : a.monomials.entrySet()) {
            for (Map.Entry<Expr, Monomial> y : b.monomials.entrySet()) {
                BigFraction c = a.coefficients.get(x.getKey()).multiply(b.coefficients.get(y.getKey()));
                add(r, normalize(product(x.getValue(), y.getValue())), c);
            }
        }
        return r;
    }

    /** The product of two terms, renaming the second's bound indices apart from the first's. */
    private Monomial product(Monomial x, Monomial y) {
        Map<Index, Subscript> apart = new HashMap<>();
        List<Index> bound = new ArrayList<>(x.bound);
        for (Index i : y.bound) {
            Index j = freshLike(i);
            apart.put(i, j);
            bound.add(j);
        }
        Map<Expr, BigFraction> f = new LinkedHashMap<>(x.factors);
        for (Map.Entry<Expr, BigFraction> e : y.factors.entrySet()) {
            f.merge(Substitution.apply(e.getKey(), apart), e.getValue(), BigFraction::add);
        }
        return new Monomial(bound, f);
    }

    private static void addAll(Poly into, Poly from, BigFraction scale) {
        for (Map.Entry<Expr, Monomial> e : from.monomials.entrySet()) {
            add(into, e.getValue(), from.coefficients.get(e.getKey()).multiply(scale));
        }
    }

    private static void add(Poly p, Monomial m, BigFraction c) {
        if (m == null || c.equals(BigFraction.ZERO)) {
            return;
        }
        Expr key = key(m);
        BigFraction total = p.coefficients.getOrDefault(key, BigFraction.ZERO).add(c);
        if (total.equals(BigFraction.ZERO)) {
            p.coefficients.remove(key);
            p.monomials.remove(key);
        } else {
            p.coefficients.put(key, total);
            p.monomials.putIfAbsent(key, m);
        }
        if (p.monomials.size() > TERM_LIMIT) {
            throw new TooLarge();
        }
    }

    // ---- normal form of one term ------------------------------------------------------

    /** Eliminates deltas, drops unit factors and renames bound indices canonically; null if the term is 0. */
    private Monomial normalize(Monomial m) {
        charge(1 + m.factors.size());
        List<Index> bound = new ArrayList<>(m.bound);
        Map<Expr, BigFraction> factors = collect(m.factors);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Expr f : new ArrayList<>(factors.keySet())) {
                if (!(f instanceof Expr.Delta)) {
                    continue;
                }
                Expr.Delta d = (Expr.Delta) f;
                Index gone = bound.contains(d.left()) ? (Index) d.left()
                        : bound.contains(d.right()) ? (Index) d.right() : null;
                if (gone != null) {
                    Subscript to = gone.equals(d.left()) ? d.right() : d.left();
                    factors.remove(f);
                    bound.remove(gone);
                    Map<Expr, BigFraction> renamed = new LinkedHashMap<>();
                    for (Map.Entry<Expr, BigFraction> e : factors.entrySet()) {
                        charge(1);
                        renamed.merge(Substitution.rename(e.getKey(), gone, to), e.getValue(), BigFraction::add);
                    }
                    factors = collect(renamed);
                    changed = true;
                    break;
                }
            }
        }
        factors = substituteAlongFreeDeltas(factors);
        for (Expr f : factors.keySet()) {
            if (f == Ir.ZERO) {
                return null;
            }
        }
        Set<Index> used = new java.util.HashSet<>();
        for (Expr f : factors.keySet()) {
            used.addAll(f.freeIndices());
        }
        bound.retainAll(used);
        return canonicalNames(bound, factors);
    }

    /**
     * {@code delta(a, b) * f(b) = delta(a, b) * f(a)}: with a delta between free indices (or
     * an index and a position) kept, its right side is replaced by its left in the other
     * factors, so that the same term written with either index has one form.
     */
    private Map<Expr, BigFraction> substituteAlongFreeDeltas(Map<Expr, BigFraction> factors) {
        for (Expr f : new ArrayList<>(factors.keySet())) {
            if (!(f instanceof Expr.Delta) || !(((Expr.Delta) f).right() instanceof Index)) {
                continue;
            }
            Expr.Delta d = (Expr.Delta) f;
            Index replaced = (Index) d.right();
            Map<Expr, BigFraction> out = new LinkedHashMap<>();
            boolean changed = false;
            charge(factors.size());
            for (Map.Entry<Expr, BigFraction> e : factors.entrySet()) {
                Expr g = e.getKey() == f ? f : Substitution.rename(e.getKey(), replaced, d.left());
                changed |= g != e.getKey();
                out.merge(g, e.getValue(), BigFraction::add);
            }
            if (changed) {
                return substituteAlongFreeDeltas(collect(out));
            }
        }
        return factors;
    }

    /** Folds factors that became numbers, deltas (1 or 0) or powers of powers; drops zero exponents. */
    private static Map<Expr, BigFraction> collect(Map<Expr, BigFraction> in) {
        Map<Expr, BigFraction> out = new LinkedHashMap<>();
        for (Map.Entry<Expr, BigFraction> e : in.entrySet()) {
            Expr f = e.getKey();
            BigFraction k = e.getValue();
            if (f instanceof Expr.Delta) {
                k = BigFraction.ONE; // delta^k = delta
            }
            if (f instanceof Expr.Pow && ((Expr.Pow) f).exponent() instanceof Expr.Const) {
                k = k.multiply(((Expr.Const) ((Expr.Pow) f).exponent()).value());
                f = ((Expr.Pow) f).base();
            }
            out.merge(f, k, BigFraction::add);
        }
        out.values().removeIf(k -> k.equals(BigFraction.ZERO));
        out.remove(Ir.ONE);
        return out;
    }

    /**
     * Renames bound indices to {@code #1, #2, ...} in the order they first occur among the
     * factors sorted with bound names masked, so that alpha-equivalent terms coincide.
     */
    private Monomial canonicalNames(List<Index> bound, Map<Expr, BigFraction> factors) {
        Map<Index, Subscript> mask = new HashMap<>();
        for (Index i : bound) {
            mask.put(i, new Index("#", i.dim()));
        }
        List<Map.Entry<Expr, BigFraction>> entries = new ArrayList<>(factors.entrySet());
        Map<Expr, Expr> masked = new IdentityHashMap<>();
        for (Map.Entry<Expr, BigFraction> e : entries) {
            masked.put(e.getKey(), Substitution.apply(e.getKey(), mask));
        }
        entries.sort(Comparator.<Map.Entry<Expr, BigFraction>, Expr>comparing(e -> masked.get(e.getKey()), Order.INSTANCE)
                .thenComparing(Map.Entry::getValue));
        Set<Index> firstOccurrence = new LinkedHashSet<>();
        for (Map.Entry<Expr, BigFraction> e : entries) {
            if (java.util.Collections.disjoint(e.getKey().freeIndices(), bound)) {
                continue; // a factor without a bound index cannot order them
            }
            for (Index i : occurrences(e.getKey())) {
                if (bound.contains(i)) {
                    firstOccurrence.add(i);
                }
            }
        }
        // first occurrence alone depends on the order of factors that look alike with names masked
        // (x[a] * x[b] / (1 + x[b]^2)); the role of each index among the factors does not
        List<Index> order = new ArrayList<>(firstOccurrence);
        if (order.size() > 1 && hasTies(entries, masked)) {
            Map<Index, Integer> colour = roleColours(order, factors);
            order.sort(Comparator.comparing(colour::get));
        }
        Map<Index, Subscript> canonical = new HashMap<>();
        List<Index> names = new ArrayList<>();
        // above every canonical name bound inside the factors, so renaming never captures
        int n = 0;
        for (Expr f : factors.keySet()) {
            n = Math.max(n, deepestCanonicalName(f));
        }
        for (Index i : order) {
            Index c = new Index("#" + (++n), i.dim());
            canonical.put(i, c);
            names.add(c);
        }
        Map<Expr, BigFraction> renamed = new LinkedHashMap<>();
        for (Map.Entry<Expr, BigFraction> e : entries) {
            renamed.merge(Substitution.apply(e.getKey(), canonical), e.getValue(), BigFraction::add);
        }
        return new Monomial(names, renamed);
    }

    /** Whether two factors look alike with bound names masked, so that their order is arbitrary. */
    private static boolean hasTies(List<Map.Entry<Expr, BigFraction>> sorted, Map<Expr, Expr> masked) {
        for (int k = 1; k < sorted.size(); k++) {
            if (masked.get(sorted.get(k - 1).getKey()) == masked.get(sorted.get(k).getKey())
                    && sorted.get(k - 1).getValue().equals(sorted.get(k).getValue())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Colours bound indices by their role in the term, refined until stable (colour refinement,
     * as in Weisfeiler–Leman): indices of equal colour can be told apart by no factor they
     * occur in, nor by the colours of the indices they occur with.
     */
    private Map<Index, Integer> roleColours(List<Index> bound, Map<Expr, BigFraction> factors) {
        Map<Index, Integer> colour = new HashMap<>();
        bound.forEach(i -> colour.put(i, 0));
        int distinct = 1;
        for (int round = 0; round < bound.size(); round++) {
            Map<Index, List<Map.Entry<Expr, BigFraction>>> roles = new HashMap<>();
            for (Index i : bound) {
                roles.put(i, role(i, colour, factors));
            }
            charge((long) bound.size() * factors.size());
            List<Index> sorted = new ArrayList<>(bound);
            sorted.sort((a, b) -> compareRoles(roles.get(a), roles.get(b)));
            Map<Index, Integer> next = new HashMap<>();
            int c = 0;
            for (int k = 0; k < sorted.size(); k++) {
                if (k > 0 && compareRoles(roles.get(sorted.get(k - 1)), roles.get(sorted.get(k))) != 0) {
                    c++;
                }
                next.put(sorted.get(k), c);
            }
            colour.putAll(next);
            if (c + 1 == distinct) {
                break;
            }
            distinct = c + 1;
        }
        return colour;
    }

    /**
     * The factors an index occurs in, with it marked {@code @} and the other bound indices
     * masked by their colours, sorted: what the index does in the term, whatever it is called.
     */
    private static List<Map.Entry<Expr, BigFraction>> role(Index i, Map<Index, Integer> colour,
                                                           Map<Expr, BigFraction> factors) {
        Map<Index, Subscript> mark = new HashMap<>();
        for (Index b : colour.keySet()) {
            mark.put(b, new Index(b.equals(i) ? "@" : "$" + colour.get(b), b.dim()));
        }
        List<Map.Entry<Expr, BigFraction>> out = new ArrayList<>();
        for (Map.Entry<Expr, BigFraction> f : factors.entrySet()) {
            if (f.getKey().freeIndices().contains(i)) {
                out.add(Map.entry(Substitution.apply(f.getKey(), mark), f.getValue()));
            }
        }
        out.sort(ROLE_ORDER);
        return out;
    }

    private static final Comparator<Map.Entry<Expr, BigFraction>> ROLE_ORDER =
            Comparator.<Map.Entry<Expr, BigFraction>, Expr>comparing(Map.Entry::getKey, Order.INSTANCE)
                    .thenComparing(Map.Entry::getValue);

    private static int compareRoles(List<Map.Entry<Expr, BigFraction>> a, List<Map.Entry<Expr, BigFraction>> b) {
        for (int k = 0; k < Math.min(a.size(), b.size()); k++) {
            int c = ROLE_ORDER.compare(a.get(k), b.get(k));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /** The largest n of a canonical bound name {@code #n} inside e (0 if none), once per node. */
    private int deepestCanonicalName(Expr e) {
        Integer known = deepestMemo.get(e);
        if (known == null) {
            known = deepestCanonicalNameOf(e);
            deepestMemo.put(e, known);
        }
        return known;
    }

    private static int deepestCanonicalNameOf(Expr e) {
        int max = 0;
        for (Expr x : dev.nabla.ir.Children.reachable(e)) {
            if (x instanceof Expr.Sum) {
                String name = ((Expr.Sum) x).index().name();
                if (name.matches("#[0-9]+")) {
                    max = Math.max(max, Integer.parseInt(name.substring(1)));
                }
            }
        }
        return max;
    }

    /** Index variables in the order they occur in e's printed form: a deterministic walk. */
    private static List<Index> occurrences(Expr e) {
        List<Index> out = new ArrayList<>();
        walk(e, out, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private static void walk(Expr e, List<Index> out, Set<Expr> seen) {
        if (!seen.add(e)) {
            return;
        }
        List<Subscript> subs = e instanceof Expr.Access ? ((Expr.Access) e).subscripts()
                : e instanceof Expr.Delta ? List.of(((Expr.Delta) e).left(), ((Expr.Delta) e).right()) : List.of();
        for (Subscript s : subs) {
            if (s instanceof Index) {
                out.add((Index) s);
            }
        }
        for (Expr c : dev.nabla.ir.Children.of(e)) {
            walk(c, out, seen);
        }
    }

    // ---- back to IR -------------------------------------------------------------------

    private static Expr key(Monomial m) {
        List<Expr> f = new ArrayList<>();
        for (Map.Entry<Expr, BigFraction> e : m.factors.entrySet()) {
            f.add(Ir.pow(e.getKey(), Ir.constant(e.getValue())));
        }
        return prenex(m.bound, f);
    }

    /**
     * The IR of one term: {@code sum(bound..., product)}. The smart constructors may pull
     * factors out of the sum, which is deterministic and keeps the value.
     */
    private static Expr prenex(List<Index> bound, List<Expr> factors) {
        return Ir.sum(bound, Ir.mul(factors));
    }

    /** Multiplies out the positive integer powers of sums that {@link #power} kept whole. */
    private Poly expandPowersOfSums(Poly p) {
        Poly out = new Poly();
        for (Map.Entry<Expr, Monomial> e : p.monomials.entrySet()) {
            Monomial m = e.getValue();
            Map<Expr, BigFraction> rest = new LinkedHashMap<>();
            List<Poly> powers = new ArrayList<>();
            for (Map.Entry<Expr, BigFraction> f : m.factors.entrySet()) {
                BigFraction k = f.getValue();
                if (f.getKey() instanceof Expr.Add && k.getDenominator().equals(BigInteger.ONE)
                        && k.compareTo(BigFraction.ZERO) > 0 && k.compareTo(new BigFraction(EXPANDED_POWER_LIMIT)) <= 0) {
                    for (int n = 0; n < k.intValue(); n++) {
                        powers.add(poly(f.getKey()));
                    }
                } else {
                    rest.put(f.getKey(), k);
                }
            }
            if (powers.isEmpty()) {
                add(out, m, p.coefficients.get(e.getKey()));
                continue;
            }
            Poly product = new Poly();
            add(product, new Monomial(m.bound, rest), p.coefficients.get(e.getKey()));
            for (Poly q : powers) {
                product = times(product, q);
            }
            addAll(out, expandPowersOfSums(product), BigFraction.ONE);
        }
        return out;
    }

    private Expr expr(Poly unexpanded) {
        Poly p = expandPowersOfSums(unexpanded);
        List<Expr> terms = new ArrayList<>();
        for (Map.Entry<Expr, BigFraction> e : p.coefficients.entrySet()) {
            terms.add(Ir.mul(Ir.constant(e.getValue()), e.getKey()));
        }
        return Ir.add(terms);
    }

}
