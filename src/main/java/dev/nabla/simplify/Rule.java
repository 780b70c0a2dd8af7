package dev.nabla.simplify;

import dev.nabla.ir.Expr;
import dev.nabla.ir.Index;

import java.util.Optional;
import java.util.Set;

/** One rewrite, tried at a single node whose children are already simplified. */
public interface Rule {
    /** The rewritten node, or empty when the rule does not apply here. */
    Optional<Expr> apply(Expr e);

    /**
     * Checked after every rewrite: a result that depends on an index its input did not is a bug
     * in the rule (a bound index leaking out), an internal error. A rule may lose an index its
     * value stops depending on ({@code sign(x[i]) -> 1} for positive x).
     */
    static void checkFreeIndices(Rule rule, Expr before, Expr after) {
        Set<Index> was = before.freeIndices();
        Set<Index> is = after.freeIndices();
        if (!was.containsAll(is)) {
            throw new IllegalStateException(rule.getClass().getSimpleName() + " changed the free indices of " + before
                    + " from " + was + " to " + is + ": " + after);
        }
    }
}
