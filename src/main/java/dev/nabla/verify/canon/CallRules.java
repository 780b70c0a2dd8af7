package dev.nabla.verify.canon;

import dev.nabla.ir.Expr;
import dev.nabla.ir.Index;
import dev.nabla.simplify.Rule;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules the canonical form applies to a call whose argument is canonical: the exponential
 * normal form (sigmoid, tanh and softplus through exp and log, an exp's argument one term of
 * coefficient 1, logs of exps and of positive factors taken apart), sqrt as a power, and abs and
 * sign where the domains fix the argument's sign. Each keeps the value wherever the call is
 * defined, and none adds a free index (checked after each, an internal error otherwise): a rule
 * may lose one its value stops depending on ({@code sign(x[i]) -> 1} for positive x), never gain
 * one, which would be a bound index leaking out.
 */
public final class CallRules {
    private final List<Rule> rules;

    public CallRules(Signs signs) {
        this.rules = List.of(new ExpandSigmoid(), new ExpandTanh(), new ExpandSoftplus(), new SplitExpOfSum(),
                new PullCoefficientOutOfExp(), new CancelExpOfLog(signs), new CancelLogOfExp(),
                new SplitLogOfPositiveFactors(signs), new RewriteSqrtAsPower(), new FoldAbsOfSignedArgument(signs),
                new FoldSignOfSignedArgument(signs));
    }

    /** The first rule's rewrite of a call, or empty when none applies. */
    public Optional<Expr> rewrite(Expr call) {
        for (Rule r : rules) {
            Optional<Expr> next = r.apply(call);
            if (next.isPresent() && next.get() != call) {
                checkFreeIndices(r, call, next.get());
                return next;
            }
        }
        return Optional.empty();
    }

    /** A rewrite whose result depends on an index its input did not is a bug in the rule. */
    public static void checkFreeIndices(Rule rule, Expr before, Expr after) {
        Set<Index> was = before.freeIndices();
        Set<Index> is = after.freeIndices();
        if (!was.containsAll(is)) {
            throw new IllegalStateException(rule.getClass().getSimpleName() + " changed the free indices of " + before
                    + " from " + was + " to " + is + ": " + after);
        }
    }
}
