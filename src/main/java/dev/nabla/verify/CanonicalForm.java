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
import dev.nabla.sema.ValueDomain;
import dev.nabla.simplify.EliminateDeltaInSum;
import dev.nabla.verify.canon.CallRules;
import dev.nabla.verify.canon.ReduceTwoValuedPower;
import dev.nabla.verify.canon.Signs;
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
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A canonical form for proofs that hold for every size: every definition inlined down to the
 * leaves, products multiplied out, and each term put in prenex form
 * {@code c * sum(b1, b2, ..., f1^k1 * f2^k2 ...)} with deltas on bound indices eliminated and
 * bound indices renamed canonically. Functions, non-integer powers and the like are atoms
 * whose arguments are canonical in turn, in an exponential normal form ({@link CallRules}):
 * sigmoid, tanh and softplus through exp and log, exps of single terms of coefficient 1.
 * A quotient is a rational function over the atoms: a term's denominators are powers of
 * normalized polynomials (no common monomial factor, leading coefficient 1), put over a common
 * denominator and cancelled against the numerator by exact polynomial division wherever they
 * divide it.
 *
 * <p>Soundness rests on one invariant: the form of an expression equals it wherever the
 * expression is defined (it may be defined at more points: {@code x/x} has the form 1). So two
 * expressions with the same form are equal wherever both are defined, for all sizes, which is
 * what a proof claims; the verifier skips a sample wherever a partial operation of a side as
 * written is undefined. Cancelling a factor keeps the invariant because a denominator is
 * nonzero wherever the expression it came from is defined, and only a denominator of the
 * expression itself is ever cancelled. Different forms prove nothing (the form is not complete),
 * so the verifier then tests.
 *
 * <p>A definition the {@code inlined} predicate rejects stays an atom, its access with its
 * subscripts: it stands for the same value on both sides, being a function of its subscripts
 * (and of the leaves, the same for both), so a form that reaches 0 with it proves as much
 * ({@link LazyUnfolding} chooses what to inline). An atom's sign is unknown to {@link Signs}.
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
    private final Map<Expr, TreeMap<Expr, BigFraction>> variablesMemo = new IdentityHashMap<>();
    private final Signs signs;
    private final CallRules callRules;
    private final ReduceTwoValuedPower twoValuedPowers;
    /** Terms normalized in the current proof attempt. */
    private long work;

    public CanonicalForm(Graph graph) {
        this(graph, Map.of());
    }

    /** @param fixed the exact values of {@code const}s declared with one, which are numbers here */
    public CanonicalForm(Graph graph, Map<Tensor, BigFraction> fixed) {
        this(graph, fixed, Map.of());
    }

    /** @param domains the declared domains of leaves, which fix signs ({@code abs}, {@code log} of a product) */
    public CanonicalForm(Graph graph, Map<Tensor, BigFraction> fixed, Map<Tensor, ValueDomain> domains) {
        this(graph, fixed, domains, t -> true);
    }

    /** @param inlined which defined tensors are inlined; the others are atoms */
    public CanonicalForm(Graph graph, Map<Tensor, BigFraction> fixed, Map<Tensor, ValueDomain> domains,
                         Predicate<Tensor> inlined) {
        this.graph = graph;
        this.fixed = Map.copyOf(fixed);
        this.signs = new Signs(domains);
        this.callRules = new CallRules(signs, t -> graph.definition(t) == null);
        this.twoValuedPowers = new ReduceTwoValuedPower(signs);
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
            if (c.fn() == Fn.LOG) {
                // as a product, so that the log of each positive factor can be taken on its own
                Poly arg = together(expandPowersOfSums(poly(c.arg())));
                if (arg.monomials.size() > 1) {
                    return call(c.fn(), factored(arg));
                }
            }
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
        Expr call = Ir.call(fn, arg);
        if (!(call instanceof Expr.Call)) {
            return poly(call);
        }
        Optional<Expr> rewritten = callRules.rewrite(call);
        if (rewritten.isPresent()) {
            charge(1);
            return poly(rewritten.get());
        }
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
            if (integer && base.monomials.size() > 1 && n.abs().compareTo(new BigFraction(COEFFICIENT_POWER_LIMIT)) <= 0) {
                Poly whole = together(expandPowersOfSums(base));
                if (whole.monomials.size() > 1) {
                    return powerOfPolynomial(whole, n);
                }
                base = whole;
            }
            if (integer && n.compareTo(BigFraction.ZERO) > 0 && small && base.monomials.size() == 1) {
                // one term, perhaps a sum: (sum(i, x[i]))^2 = sum(i, k, x[i] * x[k])
                Poly r = poly(Ir.ONE);
                for (int k = 0; k < n.intValue(); k++) {
                    r = times(r, base);
                }
                return r;
            }
            if (base.monomials.isEmpty()) {
                return poly(Ir.pow(Ir.ZERO, p.exponent()));
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
                if (m.bound.isEmpty() && !integer && positiveFactors(m)) {
                    // (x^a * y^b)^n = x^(a n) * y^(b n) for positive x and y and any n
                    Map<Expr, BigFraction> f = new LinkedHashMap<>();
                    for (Map.Entry<Expr, BigFraction> x : m.factors.entrySet()) {
                        f.put(x.getKey(), x.getValue().multiply(n));
                    }
                    if (c.compareTo(BigFraction.ZERO) > 0 && !c.equals(BigFraction.ONE)) {
                        f.merge(Ir.constant(c), n, BigFraction::add);
                    }
                    if (c.compareTo(BigFraction.ZERO) > 0) {
                        Poly r = new Poly();
                        add(r, normalize(new Monomial(List.of(), f)), BigFraction.ONE);
                        return r;
                    }
                }
            }
        }
        Expr power = Ir.pow(expr(base), expr(poly(p.exponent())));
        // the smart constructor may take the power apart ((2 * s)^-1 = 1/2 * s^-1): read it again
        return power instanceof Expr.Pow ? atom(power) : poly(power);
    }

    /**
     * {@code (c * mu * P)^n = c^n * mu^n * P^n} for a polynomial of several terms, brought over
     * one denominator and {@link #factors factored}. Sound wherever the power is defined: for
     * n < 0 the base is nonzero there, so mu and P are.
     */
    private Poly powerOfPolynomial(Poly base, BigFraction n) {
        Factors f = factors(base);
        Map<Expr, BigFraction> powered = new LinkedHashMap<>();
        f.mu.forEach((x, k) -> powered.put(x, k.multiply(n)));
        powered.merge(f.primitive, n, BigFraction::add);
        Poly r = new Poly();
        add(r, normalize(new Monomial(List.of(), powered)), pow(f.c, n.intValue()));
        return r;
    }

    /** A polynomial of several terms as {@code c * mu * P}, written as a product. */
    private Expr factored(Poly p) {
        Factors f = factors(p);
        List<Expr> product = new ArrayList<>();
        product.add(Ir.constant(f.c));
        f.mu.forEach((x, k) -> product.add(Ir.pow(x, Ir.constant(k))));
        product.add(f.primitive);
        return Ir.mul(product);
    }

    /** {@code c * mu * P}: see {@link #factors}. */
    private static final class Factors {
        final BigFraction c;
        final Map<Expr, BigFraction> mu;
        final Expr primitive;

        Factors(BigFraction c, Map<Expr, BigFraction> mu, Expr primitive) {
            this.c = c;
            this.mu = mu;
            this.primitive = primitive;
        }
    }

    /**
     * A polynomial of several terms over one denominator as {@code c * mu * P}: mu is the
     * monomial of the lowest power of each factor over its terms (its denominators among them),
     * c the leading coefficient of what remains, so that P is a polynomial with no common
     * monomial factor and leading coefficient 1.
     */
    private Factors factors(Poly base) {
        Map<Expr, BigFraction> mu = new LinkedHashMap<>();
        boolean first = true;
        for (Monomial m : base.monomials.values()) {
            Map<Expr, BigFraction> own = unboundFactors(m);
            if (first) {
                mu.putAll(own);
                first = false;
            } else {
                for (Expr f : new ArrayList<>(mu.keySet())) {
                    mu.put(f, min(mu.get(f), own.getOrDefault(f, BigFraction.ZERO)));
                }
                own.forEach((f, k) -> mu.putIfAbsent(f, min(k, BigFraction.ZERO)));
            }
        }
        mu.values().removeIf(k -> k.equals(BigFraction.ZERO));
        Poly unscaled = new Poly();
        for (Map.Entry<Expr, Monomial> e : base.monomials.entrySet()) {
            Monomial m = e.getValue();
            Map<Expr, BigFraction> f = new LinkedHashMap<>(m.factors);
            mu.forEach((x, k) -> f.merge(x, k.negate(), BigFraction::add));
            add(unscaled, normalize(new Monomial(m.bound, f)), base.coefficients.get(e.getKey()));
        }
        Expr leading = null;
        for (Expr key : unscaled.monomials.keySet()) {
            leading = leading == null || Order.INSTANCE.compare(key, leading) < 0 ? key : leading;
        }
        BigFraction c = unscaled.coefficients.get(leading);
        Poly primitive = new Poly();
        addAll(primitive, unscaled, c.reciprocal());
        return new Factors(c, mu, expr(primitive));
    }

    private boolean positiveFactors(Monomial m) {
        for (Expr f : m.factors.keySet()) {
            if (!signs.positive(f)) {
                return false;
            }
        }
        return true;
    }

    /** A term's factors that do not mention its bound indices (they stand outside its sum). */
    private static Map<Expr, BigFraction> unboundFactors(Monomial m) {
        Map<Expr, BigFraction> out = new LinkedHashMap<>();
        for (Map.Entry<Expr, BigFraction> e : m.factors.entrySet()) {
            if (java.util.Collections.disjoint(e.getKey().freeIndices(), m.bound)) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    private static BigFraction min(BigFraction a, BigFraction b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static BigFraction pow(BigFraction c, int n) {
        if (c.equals(BigFraction.ZERO) && n < 0) {
            return null;
        }
        return n >= 0 ? c.pow(n) : c.reciprocal().pow(-n);
    }

    private Poly sum(Expr.Sum s) {
        Index bound = freshLike(s.index());
        // over one denominator first, so that the body's terms are canonical before they are summed
        Poly body = together(expandPowersOfSums(poly(Substitution.rename(s.body(), s.index(), bound))));
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
        Map<Expr, BigFraction> factors = reduced(collect(m.factors));
        for (boolean changed = true; changed; ) {
            changed = false;
            for (Index b : bound) {
                List<Expr> written = new ArrayList<>();
                factors.forEach((f, k) -> written.add(Ir.pow(f, Ir.constant(k))));
                Optional<List<Expr>> rest = EliminateDeltaInSum.eliminate(written, b);
                if (rest.isPresent()) {
                    charge(written.size());
                    bound.remove(b);
                    Map<Expr, BigFraction> renamed = new LinkedHashMap<>();
                    rest.get().forEach(f -> renamed.merge(f, BigFraction.ONE, BigFraction::add));
                    factors = reduced(collect(renamed));
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
        Monomial named = canonicalNames(bound, factors);
        Monomial cancelled = cancelSumsAgainstReciprocals(named);
        return cancelled == named ? named : normalize(cancelled);
    }

    /**
     * {@code sum(k, f[k]) * (sum(k, f[k]))^-1 -> 1}: a connected component of a term's bound
     * indices that is, as a closed sum, a factor of the term with a negative exponent cancels
     * against it, the same as {@code x * x^-1} does. Sound wherever the term is defined, since
     * the reciprocal is. Returns the term itself when nothing cancels.
     */
    private Monomial cancelSumsAgainstReciprocals(Monomial m) {
        boolean reciprocal = false;
        for (Map.Entry<Expr, BigFraction> e : m.factors.entrySet()) {
            reciprocal |= e.getKey() instanceof Expr.Sum && e.getValue().compareTo(BigFraction.ZERO) < 0;
        }
        if (m.bound.isEmpty() || !reciprocal) {
            return m;
        }
        for (Component c : components(m)) {
            BigFraction k = m.factors.get(c.closed);
            if (k != null && k.compareTo(BigFraction.ZERO) < 0) {
                Map<Expr, BigFraction> f = new LinkedHashMap<>(m.factors);
                f.keySet().removeAll(c.factors.keySet());
                f.merge(c.closed, BigFraction.ONE, BigFraction::add);
                List<Index> b = new ArrayList<>(m.bound);
                b.removeAll(c.bound);
                return new Monomial(b, f);
            }
        }
        return m;
    }

    /** The factors of a term that share bound indices, with those indices: one sum of the product. */
    private static final class Component {
        final List<Index> bound = new ArrayList<>();
        final Map<Expr, BigFraction> factors = new LinkedHashMap<>();
        /** The component as a closed sum, named canonically on its own. */
        Expr closed;
    }

    /** The connected components of a term's bound indices, linked by the factors they occur in together. */
    private List<Component> components(Monomial m) {
        Map<Index, Index> parent = new HashMap<>();
        m.bound.forEach(i -> parent.put(i, i));
        for (Expr f : m.factors.keySet()) {
            Index first = null;
            for (Index i : f.freeIndices()) {
                if (parent.containsKey(i)) {
                    if (first == null) {
                        first = root(parent, i);
                    } else {
                        parent.put(root(parent, i), first);
                    }
                }
            }
        }
        Map<Index, Component> byRoot = new LinkedHashMap<>();
        for (Index i : m.bound) {
            byRoot.computeIfAbsent(root(parent, i), r -> new Component()).bound.add(i);
        }
        for (Map.Entry<Expr, BigFraction> e : m.factors.entrySet()) {
            for (Index i : e.getKey().freeIndices()) {
                if (parent.containsKey(i)) {
                    byRoot.get(root(parent, i)).factors.put(e.getKey(), e.getValue());
                    break;
                }
            }
        }
        List<Component> out = new ArrayList<>(byRoot.values());
        for (Component c : out) {
            charge(c.factors.size());
            c.closed = key(canonicalNames(c.bound, c.factors));
        }
        return out;
    }

    private static Index root(Map<Index, Index> parent, Index i) {
        Index r = i;
        while (parent.get(r) != r) {
            r = parent.get(r);
        }
        return r;
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
            if (f instanceof Expr.Pow && ((Expr.Pow) f).exponent() instanceof Expr.Const
                    && !(evenInteger(((Expr.Const) ((Expr.Pow) f).exponent()).value())
                    && !k.getDenominator().equals(BigInteger.ONE))) {
                // (x^a)^k = x^(a k), but not (x^2)^(1/2), which is |x|
                k = k.multiply(((Expr.Const) ((Expr.Pow) f).exponent()).value());
                f = ((Expr.Pow) f).base();
            }
            out.merge(f, k, BigFraction::add);
        }
        out.values().removeIf(k -> k.equals(BigFraction.ZERO));
        out.remove(Ir.ONE);
        return out;
    }

    /** The factors with powers of two-valued leaves reduced ({@link ReduceTwoValuedPower}). */
    private Map<Expr, BigFraction> reduced(Map<Expr, BigFraction> factors) {
        Map<Expr, BigFraction> out = factors;
        for (Map.Entry<Expr, BigFraction> e : factors.entrySet()) {
            Optional<BigFraction> k = twoValuedPowers.exponent(e.getKey(), e.getValue());
            if (k.isPresent()) {
                if (out == factors) {
                    out = new LinkedHashMap<>(factors);
                }
                if (k.get().equals(BigFraction.ZERO)) {
                    out.remove(e.getKey());
                } else {
                    out.put(e.getKey(), k.get());
                }
            }
        }
        return out;
    }

    private static boolean evenInteger(BigFraction a) {
        return a.getDenominator().equals(BigInteger.ONE) && !a.getNumerator().testBit(0);
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

    // ---- rational functions -------------------------------------------------------------

    /** Whether a factor of a term is a denominator that can be shared: a polynomial's negative integer power outside the term's sum. */
    private static boolean isDenominator(Expr f, BigFraction k, Monomial m) {
        return f instanceof Expr.Add && k.compareTo(BigFraction.ZERO) < 0 && k.getDenominator().equals(BigInteger.ONE)
                && java.util.Collections.disjoint(f.freeIndices(), m.bound);
    }

    /**
     * The terms over their common denominator, with each denominator cancelled as often as it
     * divides the numerator exactly: {@code a/D + b/(D E) -> (a E + b) / (D E)}, then
     * {@code (u D) / (D E) -> u / E}. Sound wherever the sum is defined: every denominator is
     * nonzero there.
     */
    private Poly together(Poly unshared) {
        Poly p = commonFractionalPowers(unshared);
        Map<Expr, Integer> denominators = new TreeMap<>(Order.INSTANCE);
        for (Monomial m : p.monomials.values()) {
            m.factors.forEach((f, k) -> {
                if (isDenominator(f, k, m)) {
                    denominators.merge(f, -k.intValue(), Math::max);
                }
            });
        }
        if (denominators.isEmpty()) {
            return p;
        }
        Poly numerator = new Poly();
        for (Map.Entry<Expr, Monomial> e : p.monomials.entrySet()) {
            Monomial m = e.getValue();
            Map<Expr, BigFraction> f = new LinkedHashMap<>(m.factors);
            denominators.forEach((d, n) -> f.merge(d, new BigFraction(n), BigFraction::add));
            add(numerator, normalize(new Monomial(m.bound, f)), p.coefficients.get(e.getKey()));
        }
        numerator = expandPowersOfSums(numerator);
        for (Map.Entry<Expr, Integer> d : denominators.entrySet()) {
            Poly divisor = poly(d.getKey());
            while (d.getValue() > 0 && !numerator.monomials.isEmpty()) {
                Optional<Poly> quotient = divide(numerator, divisor);
                if (quotient.isEmpty()) {
                    break;
                }
                numerator = quotient.get();
                d.setValue(d.getValue() - 1);
            }
        }
        Poly r = new Poly();
        for (Map.Entry<Expr, Monomial> e : numerator.monomials.entrySet()) {
            Monomial m = e.getValue();
            Map<Expr, BigFraction> f = new LinkedHashMap<>(m.factors);
            denominators.forEach((d, n) -> f.merge(d, new BigFraction(-n), BigFraction::add));
            add(r, normalize(new Monomial(m.bound, f)), numerator.coefficients.get(e.getKey()));
        }
        return r;
    }

    /**
     * {@code a * F^(1/2) + b * F^(-1/2) -> (a * F + b) * F^(-1/2)}: a polynomial F that every
     * term has to a power of the same fractional part is taken out at its lowest power, and
     * what remains multiplied out, so that {@code F * F^(-1/2)} and {@code F^(1/2)} meet.
     * Sound wherever the sum is defined: a negative lowest power is some term's, which makes
     * F nonzero there, and a fractional power makes it nonnegative.
     */
    private Poly commonFractionalPowers(Poly p) {
        if (p.monomials.size() < 2) {
            return p;
        }
        Set<Expr> candidates = new LinkedHashSet<>();
        for (Monomial m : p.monomials.values()) {
            m.factors.forEach((f, k) -> {
                if (f instanceof Expr.Add && !k.getDenominator().equals(BigInteger.ONE)
                        && java.util.Collections.disjoint(f.freeIndices(), m.bound)) {
                    candidates.add(f);
                }
            });
        }
        for (Expr f : candidates) {
            BigFraction lowest = null;
            boolean shared = true;
            for (Monomial m : p.monomials.values()) {
                BigFraction k = m.factors.getOrDefault(f, BigFraction.ZERO);
                shared &= java.util.Collections.disjoint(f.freeIndices(), m.bound)
                        && (lowest == null || k.subtract(lowest).getDenominator().equals(BigInteger.ONE));
                lowest = lowest == null ? k : min(lowest, k);
            }
            if (!shared) {
                continue;
            }
            BigFraction m0 = lowest;
            Poly rest = new Poly();
            for (Map.Entry<Expr, Monomial> e : p.monomials.entrySet()) {
                Map<Expr, BigFraction> factors = new LinkedHashMap<>(e.getValue().factors);
                factors.merge(f, m0.negate(), BigFraction::add);
                add(rest, normalize(new Monomial(e.getValue().bound, factors)), p.coefficients.get(e.getKey()));
            }
            rest = expandPowersOfSums(rest);
            Poly r = new Poly();
            for (Map.Entry<Expr, Monomial> e : rest.monomials.entrySet()) {
                Map<Expr, BigFraction> factors = new LinkedHashMap<>(e.getValue().factors);
                factors.merge(f, m0, BigFraction::add);
                add(r, normalize(new Monomial(e.getValue().bound, factors)), rest.coefficients.get(e.getKey()));
            }
            p = r;
        }
        return p;
    }

    /**
     * The exact quotient of two polynomials, or empty when the divisor does not divide the
     * dividend (or either has a fractional power, where this division is not attempted). Terms
     * are products of variables: their factors outside sums, and their sums taken apart into
     * connected components ({@link #variables}); the dividend's negative powers of variables are
     * a monomial set aside first (nonzero wherever it is defined). Long division in the
     * lexicographic order of the variables: a leading term the divisor's does not divide means
     * no exact quotient.
     */
    private Optional<Poly> divide(Poly dividend, Poly divisor) {
        Map<TreeMap<Expr, BigFraction>, BigFraction> n = asVariables(dividend);
        Map<TreeMap<Expr, BigFraction>, BigFraction> d = asVariables(divisor);
        if (n == null || d == null || d.isEmpty()) {
            return Optional.empty();
        }
        TreeMap<Expr, BigFraction> shift = new TreeMap<>(Order.INSTANCE);
        for (TreeMap<Expr, BigFraction> t : n.keySet()) {
            t.forEach((x, k) -> {
                if (k.compareTo(BigFraction.ZERO) < 0) {
                    shift.merge(x, k, CanonicalForm::min);
                }
            });
        }
        for (TreeMap<Expr, BigFraction> t : d.keySet()) {
            for (BigFraction k : t.values()) {
                if (k.compareTo(BigFraction.ZERO) < 0) {
                    return Optional.empty();
                }
            }
        }
        Map<TreeMap<Expr, BigFraction>, BigFraction> rest = new TreeMap<>(CanonicalForm::lex);
        n.forEach((t, c) -> rest.put(divided(t, shift), c));
        TreeMap<Expr, BigFraction> lead = java.util.Collections.max(d.keySet(), CanonicalForm::lex);
        BigFraction leadCoefficient = d.get(lead);
        Poly quotient = new Poly();
        while (!rest.isEmpty()) {
            charge(d.size());
            TreeMap<Expr, BigFraction> top = ((TreeMap<TreeMap<Expr, BigFraction>, BigFraction>) rest).lastKey();
            TreeMap<Expr, BigFraction> q = divided(top, lead);
            for (BigFraction k : q.values()) {
                if (k.compareTo(BigFraction.ZERO) < 0) {
                    return Optional.empty();
                }
            }
            BigFraction c = rest.get(top).divide(leadCoefficient);
            for (Map.Entry<TreeMap<Expr, BigFraction>, BigFraction> t : d.entrySet()) {
                TreeMap<Expr, BigFraction> product = divided(t.getKey(), negated(q));
                BigFraction left = rest.getOrDefault(product, BigFraction.ZERO).subtract(c.multiply(t.getValue()));
                if (left.equals(BigFraction.ZERO)) {
                    rest.remove(product);
                } else {
                    rest.put(product, left);
                }
            }
            addAll(quotient, fromVariables(divided(q, negated(shift))), c);
        }
        return Optional.of(quotient);
    }

    /** Each term as its variables' exponents; null if some exponent is fractional. */
    private Map<TreeMap<Expr, BigFraction>, BigFraction> asVariables(Poly p) {
        Map<TreeMap<Expr, BigFraction>, BigFraction> out = new HashMap<>();
        for (Map.Entry<Expr, Monomial> e : p.monomials.entrySet()) {
            TreeMap<Expr, BigFraction> v = variables(e.getKey(), e.getValue());
            for (BigFraction k : v.values()) {
                if (!k.getDenominator().equals(BigInteger.ONE)) {
                    return null;
                }
            }
            out.merge(v, p.coefficients.get(e.getKey()), BigFraction::add);
        }
        out.values().removeIf(c -> c.equals(BigFraction.ZERO));
        return out;
    }

    /** A term as a product of variables: its factors outside sums, and the closed sum of each component of its bound indices. */
    private TreeMap<Expr, BigFraction> variables(Expr key, Monomial m) {
        TreeMap<Expr, BigFraction> known = variablesMemo.get(key);
        if (known == null) {
            known = new TreeMap<>(Order.INSTANCE);
            known.putAll(unboundFactors(m));
            if (!m.bound.isEmpty()) {
                for (Component c : components(m)) {
                    known.merge(c.closed, BigFraction.ONE, BigFraction::add);
                }
            }
            variablesMemo.put(key, known);
        }
        return known;
    }

    /** The term a product of variables stands for, read back as a polynomial. */
    private Poly fromVariables(TreeMap<Expr, BigFraction> variables) {
        Map<Expr, BigFraction> plain = new LinkedHashMap<>();
        List<Poly> sums = new ArrayList<>();
        variables.forEach((x, k) -> {
            if (x instanceof Expr.Sum && k.compareTo(BigFraction.ZERO) > 0) {
                for (int n = 0; n < k.intValue(); n++) {
                    sums.add(poly(x));
                }
            } else {
                plain.put(x, k);
            }
        });
        Poly r = new Poly();
        add(r, normalize(new Monomial(List.of(), plain)), BigFraction.ONE);
        for (Poly s : sums) {
            r = times(r, s);
        }
        return r;
    }

    private static TreeMap<Expr, BigFraction> divided(TreeMap<Expr, BigFraction> a, TreeMap<Expr, BigFraction> b) {
        TreeMap<Expr, BigFraction> out = new TreeMap<>(a);
        b.forEach((x, k) -> out.merge(x, k.negate(), BigFraction::add));
        out.values().removeIf(k -> k.equals(BigFraction.ZERO));
        return out;
    }

    private static TreeMap<Expr, BigFraction> negated(TreeMap<Expr, BigFraction> a) {
        TreeMap<Expr, BigFraction> out = new TreeMap<>(a.comparator());
        a.forEach((x, k) -> out.put(x, k.negate()));
        return out;
    }

    /** Lexicographic order of terms: by the exponent of the first variable where they differ. */
    private static int lex(TreeMap<Expr, BigFraction> a, TreeMap<Expr, BigFraction> b) {
        java.util.Iterator<Map.Entry<Expr, BigFraction>> x = a.entrySet().iterator();
        java.util.Iterator<Map.Entry<Expr, BigFraction>> y = b.entrySet().iterator();
        Map.Entry<Expr, BigFraction> p = x.hasNext() ? x.next() : null;
        Map.Entry<Expr, BigFraction> q = y.hasNext() ? y.next() : null;
        while (p != null || q != null) {
            int c = p == null ? 1 : q == null ? -1 : Order.INSTANCE.compare(p.getKey(), q.getKey());
            if (c != 0) {
                // the term that has the earlier variable is the larger one (its exponent there is positive)
                return c < 0 ? p.getValue().compareTo(BigFraction.ZERO) : -q.getValue().compareTo(BigFraction.ZERO);
            }
            int e = p.getValue().compareTo(q.getValue());
            if (e != 0) {
                return e;
            }
            p = x.hasNext() ? x.next() : null;
            q = y.hasNext() ? y.next() : null;
        }
        return 0;
    }

    private Expr expr(Poly unexpanded) {
        Poly p = together(expandPowersOfSums(unexpanded));
        List<Expr> terms = new ArrayList<>();
        for (Map.Entry<Expr, BigFraction> e : p.coefficients.entrySet()) {
            terms.add(Ir.mul(Ir.constant(e.getValue()), e.getKey()));
        }
        return Ir.add(terms);
    }

}
