package dev.nabla.simplify;

import dev.nabla.ir.Expr;
import dev.nabla.ir.Index;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Subscript;
import dev.nabla.ir.Substitution;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code sum(i, delta(i, k) * f) -> f[i := k]}: the step that turns the Kronecker deltas of
 * differentiation through sums back into plain indexing. A body that is a sum of products is
 * split first, term by term, so that every term carrying a delta on {@code i} loses both the
 * delta and the sum. Sound because k ranges over i's dim (same dim, or a valid position).
 */
public final class EliminateDeltaInSum implements Rule {
    @Override
    public Optional<Expr> apply(Expr e) {
        if (!(e instanceof Expr.Sum)) {
            return Optional.empty();
        }
        Expr.Sum sum = (Expr.Sum) e;
        Index i = sum.index();
        if (!mentionsDelta(sum.body(), i)) {
            return Optional.empty();
        }
        List<Expr> out = new ArrayList<>();
        for (Expr term : expand(sum.body(), i)) {
            out.add(eliminate(term, i));
        }
        return Optional.of(Ir.add(out));
    }

    private static Expr eliminate(Expr term, Index i) {
        List<Expr> factors = term instanceof Expr.Mul ? ((Expr.Mul) term).factors() : List.of(term);
        Optional<List<Expr>> rest = eliminate(factors, i);
        return rest.isPresent() ? Ir.mul(rest.get()) : Ir.sum(i, term);
    }

    /**
     * The one home of delta elimination, for a term given as its factors and summed over i:
     * when a factor is {@code delta(i, k)}, the other factors in their order with i renamed to
     * k (their product is the sum); empty when no factor is a delta on i. The simplifier uses it
     * on products, the canonical form on the factors of its terms.
     */
    public static Optional<List<Expr>> eliminate(List<Expr> factors, Index i) {
        for (int k = 0; k < factors.size(); k++) {
            Subscript partner = partnerOf(factors.get(k), i);
            if (partner != null) {
                List<Expr> rest = new ArrayList<>();
                for (int n = 0; n < factors.size(); n++) {
                    if (n != k) {
                        rest.add(Substitution.rename(factors.get(n), i, partner));
                    }
                }
                return Optional.of(rest);
            }
        }
        return Optional.empty();
    }

    /** For {@code delta(i, k)} or {@code delta(k, i)}, the subscript k; else null. */
    private static Subscript partnerOf(Expr factor, Index i) {
        if (factor instanceof Expr.Delta) {
            Expr.Delta d = (Expr.Delta) factor;
            if (d.left().equals(i)) {
                return d.right();
            }
            if (d.right().equals(i)) {
                return d.left();
            }
        }
        return null;
    }

    /** Whether a delta on i occurs in e's sum-of-products structure (not inside calls or powers). */
    private static boolean mentionsDelta(Expr e, Index i) {
        if (partnerOf(e, i) != null) {
            return true;
        }
        List<Expr> parts = e instanceof Expr.Add ? ((Expr.Add) e).terms()
                : e instanceof Expr.Mul ? ((Expr.Mul) e).factors() : List.of();
        for (Expr p : parts) {
            if (mentionsDelta(p, i)) {
                return true;
            }
        }
        return false;
    }

    /** e as a list of terms, multiplying out only the sums whose terms carry a delta on i. */
    private static List<Expr> expand(Expr e, Index i) {
        if (e instanceof Expr.Add) {
            List<Expr> out = new ArrayList<>();
            for (Expr t : ((Expr.Add) e).terms()) {
                out.addAll(expand(t, i));
            }
            return out;
        }
        if (e instanceof Expr.Mul) {
            List<Expr> products = List.of(Ir.ONE);
            for (Expr f : ((Expr.Mul) e).factors()) {
                List<Expr> choices = f instanceof Expr.Add && mentionsDelta(f, i) ? expand(f, i) : List.of(f);
                List<Expr> next = new ArrayList<>();
                for (Expr p : products) {
                    for (Expr c : choices) {
                        next.add(Ir.mul(p, c));
                    }
                }
                products = next;
            }
            List<Expr> out = new ArrayList<>();
            for (Expr p : products) {
                // a product may itself have become a sum (a number distributed over it)
                out.addAll(p instanceof Expr.Add ? expand(p, i) : List.of(p));
            }
            return out;
        }
        return List.of(e);
    }
}
