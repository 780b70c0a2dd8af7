package dev.nabla.verify;

import dev.nabla.ir.Children;
import dev.nabla.ir.Definition;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Graph;
import dev.nabla.ir.Index;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Substitution;
import dev.nabla.ir.Tensor;
import dev.nabla.sema.ValueDomain;
import org.apache.commons.math3.fraction.BigFraction;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Proofs whose cost follows where two sides differ, not the depth of the graph beneath them.
 * Inlining every definition down to the leaves multiplies the whole network out: σ' = σ(1 − σ)
 * is two terms per layer, so a first-layer gradient of an L-layer network has 2^L of them. Here
 * definitions start as atoms of the {@link CanonicalForm} (each is a function of its subscripts,
 * so an atom stands for the same value on both sides) and are unfolded only as far as needed,
 * cheapest attempt first:
 * <ol>
 * <li>every definition an atom: the sides agree as written;</li>
 * <li>matching, for a derivation that follows the graph layer by layer: the two sides as
 *     products, the latest definition among their factors unfolded one at a time, the factors
 *     they share cancelled, and two sums over one dim replaced by their bodies. Each step is a
 *     sufficient condition ({@code F*A == F*B} if {@code A == B}; {@code sum(j, A) == sum(j, B)}
 *     if {@code A == B} for every j), never a necessary one, so it proves and never refutes;</li>
 * <li>every definition inlined at once, as the canonical form alone does, within its limits;</li>
 * <li>when that grows too large, rounds: every definition that occurs in the residual lhs − rhs
 *     unfolded one level, and again, until the residual is 0 or no definition is left in it,
 *     within a budget, for a difference that is shallow in a deep graph but not a product.</li>
 * </ol>
 * Full inlining comes before the rounds because on small graphs it is the cheaper of the two:
 * each round canonicalises the whole difference again.
 */
public final class LazyUnfolding {
    /** Matching gives up after this many unfoldings and descents into sums. */
    private static final int MATCH_STEPS = 1000;
    /**
     * Rounds stop once they have spent this much of the canonical form's work in all: each
     * round of a deep network doubles the last.
     */
    private static final long ROUNDS_WORK = 5000;

    private final Graph graph;
    private final Map<Tensor, BigFraction> fixed;
    private final Map<Tensor, ValueDomain> domains;
    private final CanonicalForm atoms;
    private final CanonicalForm full;
    /** Canonical forms of factors with every definition an atom, null when too large. */
    private final Map<Expr, Expr> keys = new IdentityHashMap<>();
    private int fresh;

    public LazyUnfolding(Graph graph, Map<Tensor, BigFraction> fixed) {
        this(graph, fixed, Map.of());
    }

    /**
     * @param fixed   the exact values of {@code const}s declared with one
     * @param domains the declared domains of leaves, which fix signs
     */
    public LazyUnfolding(Graph graph, Map<Tensor, BigFraction> fixed, Map<Tensor, ValueDomain> domains) {
        this.graph = graph;
        this.fixed = Map.copyOf(fixed);
        this.domains = Map.copyOf(domains);
        this.atoms = new CanonicalForm(graph, fixed, domains, t -> false);
        this.full = new CanonicalForm(graph, fixed, domains);
    }

    /** The canonical form with every definition inlined, the one this tries before the rounds. */
    public CanonicalForm inlined() {
        return full;
    }

    /**
     * The canonical form of {@code lhs - rhs}: 0 when some attempt proves the sides equal,
     * otherwise the form with every definition inlined, or empty when that grew too large. It
     * is 0 only for sides equal wherever both are defined.
     */
    public Optional<Expr> difference(Expr lhs, Expr rhs) {
        Expr difference = Ir.sub(lhs, rhs);
        Optional<Expr> residual = atoms.of(difference);
        if (residual.isPresent() && residual.get() == Ir.ZERO || matches(lhs, rhs)) {
            return Optional.of(Ir.ZERO);
        }
        Optional<Expr> whole = full.of(difference);
        return whole.isPresent() ? whole : rounds(difference, residual);
    }

    /**
     * Unfolds the definitions in the residual, round after round, until it is 0, none is left in
     * it, or the rounds spent their budget (empty then, as when it grows too large).
     */
    private Optional<Expr> rounds(Expr difference, Optional<Expr> residual) {
        Set<Tensor> unfolded = new HashSet<>();
        long work = 0;
        while (residual.isPresent() && residual.get() != Ir.ZERO) {
            Set<Tensor> more = definedIn(residual.get());
            if (more.isEmpty()) {
                return residual;
            }
            if (work > ROUNDS_WORK) {
                return Optional.empty();
            }
            unfolded.addAll(more);
            CanonicalForm round = new CanonicalForm(graph, fixed, domains, Set.copyOf(unfolded)::contains);
            residual = round.of(difference);
            work += round.work();
        }
        return residual;
    }

    private static Set<Tensor> definedIn(Expr e) {
        Set<Tensor> out = new HashSet<>();
        for (Expr x : Children.reachable(e)) {
            if (x instanceof Expr.Access && !((Expr.Access) x).tensor().isLeaf()) {
                out.add(((Expr.Access) x).tensor());
            }
        }
        return out;
    }

    // ---- matching ---------------------------------------------------------------------

    private boolean matches(Expr lhs, Expr rhs) {
        Map<Tensor, Integer> position = new HashMap<>();
        for (Definition d : graph.definitions()) {
            position.put(d.tensor(), position.size());
        }
        Expr l = lhs;
        Expr r = rhs;
        for (int step = 0; step < MATCH_STEPS; step++) {
            Optional<Expr> residual = atoms.of(Ir.sub(l, r));
            if (residual.isEmpty()) {
                return false;
            }
            if (residual.get() == Ir.ZERO) {
                return true;
            }
            Product a = new Product(l);
            Product b = new Product(r);
            if (cancelShared(a, b)) {
                a = new Product(a.expr());
                b = new Product(b.expr());
            }
            if (!descendIntoSums(a, b) && !unfoldLatest(a, b, position)) {
                return false;
            }
            l = a.expr();
            r = b.expr();
        }
        return false;
    }

    /** A side as a coefficient and factors, each a base to an exponent. */
    private static final class Product {
        BigFraction coefficient;
        final List<Expr> bases = new ArrayList<>();
        final List<BigFraction> exponents = new ArrayList<>();

        Product(Expr e) {
            coefficient = Ir.coefficientOf(e);
            Expr rest = Ir.withoutCoefficient(e);
            for (Expr f : rest instanceof Expr.Mul ? ((Expr.Mul) rest).factors() : List.of(rest)) {
                if (f == Ir.ONE) {
                    continue;
                }
                boolean power = f instanceof Expr.Pow && ((Expr.Pow) f).exponent() instanceof Expr.Const;
                bases.add(power ? ((Expr.Pow) f).base() : f);
                exponents.add(power ? ((Expr.Const) ((Expr.Pow) f).exponent()).value() : BigFraction.ONE);
            }
        }

        Expr expr() {
            List<Expr> f = new ArrayList<>();
            f.add(Ir.constant(coefficient));
            for (int k = 0; k < bases.size(); k++) {
                f.add(Ir.pow(bases.get(k), Ir.constant(exponents.get(k))));
            }
            return Ir.mul(f);
        }

        /** The only factor, to the first power, or null. */
        Expr single() {
            return bases.size() == 1 && exponents.get(0).equals(BigFraction.ONE) ? bases.get(0) : null;
        }
    }

    /**
     * Divides both sides by the powers of a base they share, to integer exponents of one sign (whether any):
     * {@code F^m} is then defined wherever the sides are, and {@code F^a = F^m * F^(a-m)} there.
     */
    private boolean cancelShared(Product a, Product b) {
        boolean cancelled = false;
        for (int i = 0; i < a.bases.size(); i++) {
            for (int j = 0; j < b.bases.size(); j++) {
                BigFraction x = a.exponents.get(i);
                BigFraction y = b.exponents.get(j);
                if (!isInteger(x) || !isInteger(y) || sign(x) != sign(y) || sign(x) == 0) {
                    continue;
                }
                Expr key = key(a.bases.get(i));
                if (key == null || key != key(b.bases.get(j))) {
                    continue;
                }
                BigFraction m = x.abs().compareTo(y.abs()) <= 0 ? x : y;
                a.exponents.set(i, x.subtract(m));
                b.exponents.set(j, y.subtract(m));
                cancelled = true;
            }
        }
        return cancelled;
    }

    private static int sign(BigFraction f) {
        return f.compareTo(BigFraction.ZERO);
    }

    private static boolean isInteger(BigFraction f) {
        return f.getDenominator().equals(BigInteger.ONE);
    }

    private Expr key(Expr e) {
        if (!keys.containsKey(e)) {
            keys.put(e, atoms.of(e).orElse(null));
        }
        return keys.get(e);
    }

    /** {@code c * sum(j, A) == d * sum(k, B)} if {@code c * A == d * B} at a fresh index for j and k. */
    private boolean descendIntoSums(Product a, Product b) {
        Expr x = a.single();
        Expr y = b.single();
        if (!(x instanceof Expr.Sum) || !(y instanceof Expr.Sum)) {
            return false;
        }
        Expr.Sum s = (Expr.Sum) x;
        Expr.Sum t = (Expr.Sum) y;
        if (!s.index().dim().equals(t.index().dim())) {
            return false;
        }
        // "%" is in no user's name and in none the canonical form makes up ("%t", "#")
        Index u = new Index("%u" + (fresh++), s.index().dim());
        a.bases.set(0, Substitution.rename(s.body(), s.index(), u));
        b.bases.set(0, Substitution.rename(t.body(), t.index(), u));
        return true;
    }

    /** Replaces the factor of either side that accesses the latest definition by its body; false if none does. */
    private boolean unfoldLatest(Product a, Product b, Map<Tensor, Integer> position) {
        Product side = null;
        int at = -1;
        int latest = -1;
        for (Product p : List.of(a, b)) {
            for (int k = 0; k < p.bases.size(); k++) {
                Expr f = p.bases.get(k);
                if (f instanceof Expr.Access && !p.exponents.get(k).equals(BigFraction.ZERO)) {
                    Integer rank = position.get(((Expr.Access) f).tensor());
                    if (rank != null && rank > latest) {
                        latest = rank;
                        side = p;
                        at = k;
                    }
                }
            }
        }
        if (side == null) {
            return false;
        }
        Expr.Access access = (Expr.Access) side.bases.get(at);
        side.bases.set(at, graph.definition(access.tensor()).at(access.subscripts()));
        return true;
    }
}
