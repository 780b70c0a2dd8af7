package dev.nabla.simplify;

import dev.nabla.ir.Children;
import dev.nabla.ir.Expr;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bottom-up fixpoint driver: rebuilds each node from simplified children through the smart
 * constructors (which fold constants, drop {@code +0}/{@code *1}, collect like terms and
 * factors, pull constants out of sums), then applies the rules until none fires. Memoized
 * over the DAG; a simplified expression has the same value wherever the original is defined.
 */
public final class Simplifier {
    /** The rules, in the order they are tried. */
    public static final List<Rule> RULES = List.of(new EliminateDeltaInSum());

    private final List<Rule> rules;
    private final Map<Expr, Expr> memo = new IdentityHashMap<>();

    public Simplifier() {
        this(RULES);
    }

    public Simplifier(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static Expr simplify(Expr e) {
        return new Simplifier().apply(e);
    }

    public Expr apply(Expr e) {
        Expr done = memo.get(e);
        if (done != null) {
            return done;
        }
        Expr rebuilt = rebuild(e);
        // the smart constructors may restructure a node: a sum that pulls a factor out becomes a
        // product over a new sum, which the rules have not seen yet
        Expr r = rebuilt.getClass() == e.getClass() ? rewrite(rebuilt) : apply(rebuilt);
        memo.put(e, r);
        memo.put(r, r);
        return r;
    }

    private Expr rewrite(Expr e) {
        for (Rule rule : rules) {
            Optional<Expr> next = rule.apply(e);
            if (next.isPresent() && next.get() != e) {
                Rule.checkFreeIndices(rule, e, next.get());
                return apply(next.get());
            }
        }
        return e;
    }

    private Expr rebuild(Expr e) {
        List<Expr> children = new ArrayList<>();
        for (Expr c : Children.of(e)) {
            children.add(apply(c));
        }
        return Children.with(e, children);
    }
}
